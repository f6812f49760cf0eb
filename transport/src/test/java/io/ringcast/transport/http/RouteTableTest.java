package io.ringcast.transport.http;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.transport.http.HttpApiFixture.RawResponse;
import io.ringcast.transport.ws.HttpRoutes;
import io.ringcast.transport.ws.WebSocketConfig;
import io.ringcast.transport.ws.WebSocketDelivery;
import io.ringcast.transport.ws.WebSocketServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several route sets through the server's one routes slot: first match wins, unknown /api paths are JSON 404s. */
class RouteTableTest
{
    /** Answers 418 with its name for one path prefix. */
    private static HttpRoutes teapot(final String prefix)
    {
        return new HttpRoutes()
        {
            @Override
            public boolean handles(final String path)
            {
                return path.startsWith(prefix);
            }

            @Override
            public void handle(final ChannelHandlerContext ctx, final FullHttpRequest request)
            {
                request.release();
                final DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(418), Unpooled.copiedBuffer(prefix, StandardCharsets.UTF_8));
                response.headers().setInt("content-length", response.content().readableBytes());
                ctx.writeAndFlush(response);
            }
        };
    }

    @Test
    void shouldServeTheFirstRouteSetThatHandlesAPath() throws Exception
    {
        final InMemoryJournal journal = new InMemoryJournal();
        try (RingcastEngine engine = RingcastEngine.start(EngineConfig.defaults(), journal, new WebSocketDelivery());
            ApiRoutes api = ApiRoutes.builder(engine).build();
            RouteTable table = new RouteTable(teapot("/api/stats"), api, teapot("/api/publish"), teapot("/extra"));
            WebSocketServer server = WebSocketServer.start(WebSocketConfig.defaults().withPort(0), engine,
                journal::headSeq, () -> "", table))
        {
            final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            final String base = "http://127.0.0.1:" + server.port();
            assertEquals(418, get(http, base + "/api/stats").statusCode(), "the first set wins");
            assertEquals(405, get(http, base + "/api/publish").statusCode(), "the api comes before the later set");
            final HttpResponse<String> extra = get(http, base + "/extra/x");
            assertEquals(418, extra.statusCode());
            assertEquals("/extra", extra.body());
            assertEquals(200, get(http, base + "/health").statusCode());

            final HttpResponse<String> unknown = get(http, base + "/api/unknown?x=1");
            assertEquals(404, unknown.statusCode());
            assertEquals("{\"error\":{\"code\":\"not_found\",\"message\":\"no such endpoint: /api/unknown\"}}\n",
                unknown.body());
            assertEquals(404, get(http, base + "/api/clients/").statusCode());
            final HttpResponse<String> outside = get(http, base + "/elsewhere");
            assertEquals(404, outside.statusCode());
            assertTrue(outside.body().contains("/ws"), "the server's own answer for paths outside every route set");
        }
    }

    @Test
    void shouldStillUpgradeToWebSocketAfterApiRequestsOnTheSameConnection() throws Exception
    {
        try (HttpApiFixture f = new HttpApiFixture();
            Socket socket = new Socket("127.0.0.1", f.server.port()))
        {
            socket.setSoTimeout((int)TimeUnit.SECONDS.toMillis(HttpApiFixture.TIMEOUT_SECONDS));
            final OutputStream out = socket.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\nHost: t\r\n\r\n" +
                "GET /ws?user=late HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(200, RawResponse.read(socket.getInputStream()).status());
            final RawResponse upgrade = RawResponse.read(socket.getInputStream());
            assertEquals(101, upgrade.status());
            assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", upgrade.headers().get("sec-websocket-accept"));
        }
    }

    private static HttpResponse<String> get(final HttpClient http, final String url) throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
