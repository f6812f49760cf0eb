package io.ringcast.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.junit.jupiter.api.Test;

class NatsSubscriberSessionTest
{
    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
    private static final String INFO =
        "INFO {\"server_id\":\"NABC\",\"version\":\"2.9.10\",\"max_payload\":1048576}\r\n";

    private final NatsSubscriberSession session = new NatsSubscriberSession(7, new int[]{3, 12});

    @Test
    void shouldSendConnectSubsAndPingInOneBinaryFrame()
    {
        final List<WebSocketFrame> frames = session.start(ALLOC);
        assertEquals(1, frames.size());
        assertTrue(frames.get(0) instanceof BinaryWebSocketFrame);
        final String text = frames.get(0).content().toString(StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"headers\":false," +
            "\"no_responders\":false,"), text);
        assertTrue(text.contains("\"name\":\"bench-7\"}\r\n"), text);
        assertTrue(text.endsWith("}\r\nSUB bench.t3 1\r\nSUB bench.t12 2\r\nPING\r\n"), text);
        frames.get(0).release();
    }

    @Test
    void shouldBeReadyOnlyOnceThePongToItsPingArrives()
    {
        session.start(ALLOC).forEach(WebSocketFrame::release);
        assertEquals(List.of(), feed(INFO));
        assertFalse(session.ready());
        assertEquals(List.of(), feed("PONG\r\n"));
        assertTrue(session.ready());
        assertEquals(0, session.serverPings());
    }

    @Test
    void shouldAnswerPingsInsideAFrameOfMessages()
    {
        final List<WebSocketFrame> answers = feed("MSG bench.t3 1 5\r\nhello\r\nPING\r\nMSG bench.t12 2 3\r\nabc\r\n" +
            "PING\r\n");
        assertEquals(1, answers.size());
        assertEquals("PONG\r\nPONG\r\n", answers.get(0).content().toString(StandardCharsets.US_ASCII));
        answers.get(0).release();
        assertEquals(2, session.serverPings());
    }

    @Test
    void shouldSkipPayloadsThatLookLikeProtocolLines()
    {
        final String payload = "PING\r\n-ERR 'x'\r\nPONG";
        assertEquals(List.of(), feed("MSG bench.t3 1 " + payload.length() + "\r\n" + payload + "\r\n"));
        assertEquals(0, session.serverPings());
        assertFalse(session.ready());
    }

    @Test
    void shouldParseLinesAndPayloadsSplitAcrossFrames()
    {
        session.start(ALLOC).forEach(WebSocketFrame::release);
        final String payload = "{\"t\":0000000000000000042,\"p\":\"PING\r\n\"}";
        final String stream = INFO + "MSG bench.t3 1 " + payload.length() + "\r\n" + payload + "\r\nPING\r\n" +
            "HMSG bench.t12 2 12 17\r\nNATS/1.0\r\n\r\nhello\r\nPONG\r\n";
        for (int cut = 1; cut < stream.length(); cut++)
        {
            final NatsSubscriberSession split = new NatsSubscriberSession(1, new int[]{3});
            split.start(ALLOC).forEach(WebSocketFrame::release);
            int pongs = 0;
            pongs += pongBytes(split.onFrame(binary(stream.substring(0, cut)), ALLOC));
            assertFalse(split.ready(), "cut at " + cut);
            pongs += pongBytes(split.onFrame(new ContinuationWebSocketFrame(
                Unpooled.copiedBuffer(stream.substring(cut), StandardCharsets.US_ASCII)), ALLOC));
            assertEquals("PONG\r\n".length(), pongs, "cut at " + cut);
            assertTrue(split.ready(), "cut at " + cut);
            assertEquals(1, split.serverPings(), "cut at " + cut);
        }
    }

    @Test
    void shouldParseAStreamFedOneByteAFrame()
    {
        session.start(ALLOC).forEach(WebSocketFrame::release);
        final String stream = INFO + "MSG bench.t3 1 10\r\n0123456789\r\nPING\r\nPONG\r\n";
        int pongs = 0;
        for (int i = 0; i < stream.length(); i++)
        {
            pongs += pongBytes(session.onFrame(new TextWebSocketFrame(stream.substring(i, i + 1)), ALLOC));
        }
        assertEquals("PONG\r\n".length(), pongs);
        assertTrue(session.ready());
    }

    @Test
    void shouldLeaveTheFrameReadableForTheHarness()
    {
        final WebSocketFrame frame = binary("MSG bench.t3 1 5\r\nhello\r\n");
        final int reader = frame.content().readerIndex();
        session.onFrame(frame, ALLOC);
        assertEquals(reader, frame.content().readerIndex());
        assertEquals(25, frame.content().readableBytes());
        frame.release();
    }

    @Test
    void shouldIgnoreWebSocketControlFrames()
    {
        assertEquals(List.of(), session.onFrame(new PingWebSocketFrame(Unpooled.copiedBuffer("PING\r\n",
            StandardCharsets.US_ASCII)), ALLOC));
        assertEquals(0, session.serverPings());
    }

    @Test
    void shouldFailWithTheServersErrorLine()
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> feed("-ERR 'Authorization Violation'\r\n"));
        assertTrue(ex.getMessage().contains("connection 7"), ex.getMessage());
        assertTrue(ex.getMessage().contains("-ERR 'Authorization Violation'"), ex.getMessage());
    }

    @Test
    void shouldRejectWhatIsNotNatsServerProtocol()
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> feed("HTTP/1.1 200 OK\r\n"));
        assertTrue(ex.getMessage().contains("'HTTP/1.1 200 OK'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("expected INFO, MSG"), ex.getMessage());
    }

    @Test
    void shouldRejectAMessageLineWithoutASize()
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> feed("MSG bench.t3 1 five\r\n"));
        assertTrue(ex.getMessage().contains("without a valid payload size"), ex.getMessage());
        assertTrue(ex.getMessage().contains("'MSG bench.t3 1 five'"), ex.getMessage());
    }

    private List<WebSocketFrame> feed(final String text)
    {
        final WebSocketFrame frame = binary(text);
        try
        {
            return session.onFrame(frame, ALLOC);
        }
        finally
        {
            frame.release();
        }
    }

    private static WebSocketFrame binary(final String text)
    {
        return new BinaryWebSocketFrame(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    private static int pongBytes(final List<WebSocketFrame> answers)
    {
        int bytes = 0;
        for (final WebSocketFrame answer : answers)
        {
            final ByteBuf content = answer.content();
            assertEquals("PONG\r\n".repeat(content.readableBytes() / 6), content.toString(StandardCharsets.US_ASCII));
            bytes += content.readableBytes();
            answer.release();
        }
        return bytes;
    }
}
