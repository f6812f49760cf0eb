package io.ringcast.transport.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.ringcast.engine.util.EngineClock;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A webhook receiver on 127.0.0.1 (JDK {@link HttpServer}, port 0) that answers as scripted, one step per request,
 * then 200: N × 500, 429 with {@code Retry-After}, a hang past the client's timeout, a response held until the test
 * releases it, 400, 410. Records every request with its arrival time on the test's clock.
 */
final class FlakyEndpoint implements AutoCloseable
{
    /** One request as received. */
    record Received(String method, String path, Map<String, List<String>> headers, byte[] body, long arrivalMillis)
    {
        String header(final String name)
        {
            for (final Map.Entry<String, List<String>> e : headers.entrySet())
            {
                if (e.getKey().equalsIgnoreCase(name))
                {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        String bodyText()
        {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private interface Step
    {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(r ->
    {
        final Thread t = new Thread(r, "flaky-endpoint");
        t.setDaemon(true);
        return t;
    });
    private final EngineClock clock;
    private final Queue<Step> script = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);

    FlakyEndpoint(final EngineClock clock) throws IOException
    {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL of {@code path} on this server. */
    URI url(final String path)
    {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The next {@code times} requests get {@code status} with {@code body}. */
    FlakyEndpoint fail(final int times, final int status, final String body)
    {
        for (int i = 0; i < times; i++)
        {
            script.add(exchange -> respond(exchange, status, body));
        }
        return this;
    }

    /** The next request gets {@code status} with a {@code Retry-After} of {@code retryAfter}. */
    FlakyEndpoint retryAfter(final int status, final String retryAfter)
    {
        script.add(exchange ->
        {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
            respond(exchange, status, "slow down");
        });
        return this;
    }

    /** The next request gets no answer until this endpoint closes (past any client timeout). */
    FlakyEndpoint hang()
    {
        script.add(exchange -> closing.await());
        return this;
    }

    /** The next request is answered with 200 only when the returned latch is counted down. */
    CountDownLatch hold()
    {
        final CountDownLatch gate = new CountDownLatch(1);
        script.add(exchange ->
        {
            gate.await();
            respond(exchange, 200, "ok");
        });
        return gate;
    }

    /** The next request received, waiting up to 10 s; fails the test when none comes. */
    Received take() throws InterruptedException
    {
        final Received r = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "no request reached the endpoint within 10 s");
        return r;
    }

    /** Requests received so far. */
    int count()
    {
        return count.get();
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        final byte[] body;
        try (InputStream in = exchange.getRequestBody())
        {
            body = in.readAllBytes();
        }
        count.incrementAndGet();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
            Map.copyOf(exchange.getRequestHeaders()), body, clock.epochMillis()));
        final Step step = script.poll();
        try
        {
            if (step == null)
            {
                respond(exchange, 200, "ok");
            }
            else
            {
                step.answer(exchange);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            exchange.close();
        }
    }

    private static void respond(final HttpExchange exchange, final int status, final String body) throws IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0)
        {
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close()
    {
        closing.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
