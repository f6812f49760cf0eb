package io.ringcast.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;

import org.junit.jupiter.api.Test;

import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.transport.ws.WebSocketConfig;
import io.ringcast.transport.ws.WebSocketDelivery;
import io.ringcast.transport.ws.WebSocketServer;

/** The servers run on epoll where Netty's native library loads (Linux x86_64 here), and on NIO when asked. */
class NettyTransportTest
{
    @Test
    void shouldRunOnEpollOnLinuxByDefaultAndOnNioWhenAsked()
    {
        assumeTrue("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch")),
            "netty-all ships the epoll library for linux-x86_64");
        assertEquals(true, Epoll.isAvailable(), () -> "epoll unavailable: " + Epoll.unavailabilityCause());
        try (RingcastEngine engine = RingcastEngine.start(EngineConfig.defaults(), new InMemoryJournal(),
            new WebSocketDelivery()))
        {
            try (WebSocketServer epoll = WebSocketServer.builder(WebSocketConfig.defaults().withPort(0), engine)
                .start())
            {
                assertEquals(NettyTransport.EPOLL, epoll.transport());
            }
            try (WebSocketServer nio = WebSocketServer.builder(WebSocketConfig.defaults().withPort(0)
                .withNativeTransport(false), engine).start())
            {
                assertEquals(NettyTransport.NIO, nio.transport());
            }
        }
    }
}
