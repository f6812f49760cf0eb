package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.event.PublishCallback;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.PublishStatus;

/**
 * Fuzzes the WebSocket JSON handler over real connections on loopback: random text, mutated control messages
 * (field deletions, type swaps, huge numbers, deep nesting, long strings, duplicate keys), binary, fragmented and
 * control frames are pipelined on a few connections at once, and each connection ends with an input that must close
 * it (broken UTF-8 1007, oversized 1009, malformed frames 1002, client close, truncated frame). Every input must be
 * answered (one JSON message per message, one pong per ping frame) or end in the right close; meanwhile events are
 * published and a well-behaved subscriber must receive every accepted seq exactly once, in order; afterwards the
 * event loops are alive and fresh clients are served.
 * <p>
 * Default 100,000 inputs; a longer run: {@code mvn -B -o -q -pl transport -am test -Dtest=WebSocketJsonFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dringcast.fuzz.ws=2000000}. Seed: {@code -Dringcast.fuzz.seed=N}
 * (printed on failure and in the summary line).
 */
class WebSocketJsonFuzzTest
{
    private static final int MAX_FRAME = WebSocketConfig.defaults().maxFrameSize();
    private static final int INPUTS_PER_CONNECTION = 400;
    private static final int WORKERS = 3;
    private static final int EVENTS_PER_CONNECTION = 8;
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final String EVENT_TOPIC = "fuzz.events.";

    private final Map<Long, Long> acceptedSeqByCorrelation = new ConcurrentHashMap<>();
    private final PublishCallback callback = new PublishCallback()
    {
        @Override
        public void onAccepted(final long correlationId, final long seq)
        {
            acceptedSeqByCorrelation.put(correlationId, seq);
        }

        @Override
        public void onDuplicate(final long correlationId, final long originalSeq)
        {
            acceptedSeqByCorrelation.put(correlationId, -originalSeq);
        }

        @Override
        public void onFailed(final long correlationId, final String reason)
        {
            acceptedSeqByCorrelation.put(correlationId, Long.MIN_VALUE);
        }
    };

    @Test
    void shouldAnswerOrCloseOnEveryFuzzedInputLoseNoEventAndKeepServing() throws Exception
    {
        final int total = Integer.getInteger("ringcast.fuzz.ws", 100_000);
        final long seed = Long.getLong("ringcast.fuzz.seed", System.nanoTime());
        final ExecutorService pool = Executors.newFixedThreadPool(2 * WORKERS);
        try (WebSocketTestSupport support = new WebSocketTestSupport())
        {
            final WebSocketTestSupport.Client watcher = support.connect("watcher");
            watcher.subscribe("{\"op\":\"subscribe\",\"id\":\"all\",\"topic\":\"" + EVENT_TOPIC + ">\"," +
                "\"batch\":{\"max\":1000,\"lingerMs\":0}}");
            final Set<Thread> eventLoops = eventLoopThreads();
            assertTrue(eventLoops.size() >= 2, "acceptor and I/O loop started: " + eventLoops);

            final AtomicInteger unclaimed = new AtomicInteger(total);
            final List<Future<FuzzWorker>> runs = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++)
            {
                final FuzzWorker worker = new FuzzWorker(w, seed, support, pool, unclaimed);
                runs.add(pool.submit(() -> worker.run()));
            }
            final FuzzWorker sum = new FuzzWorker(-1, seed, support, pool, unclaimed);
            for (final Future<FuzzWorker> run : runs)
            {
                sum.add(run.get(10, TimeUnit.MINUTES));
            }
            assertEquals(total, sum.inputs, "every input sent");

            final int after = 100;
            publishEvents(support.engine.newPublisher(), WORKERS, 0, after);
            final int published = sum.published + after;
            assertEveryAcceptedEventDeliveredInOrder(watcher, published, seed);

            WebSocketTestSupport.await("fuzz connections closed", () -> support.server.connectionCount() == 1);
            for (final Thread loop : eventLoops)
            {
                assertTrue(loop.isAlive(), () -> "event loop died: " + loop.getName() + ", seed " + seed);
            }
            assertFreshClientsServed(support);
            System.out.println("WebSocketJsonFuzzTest: seed " + seed + ", " + sum.summary() + ", " + published +
                " events delivered in order");
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldAnswerInValidUtf8WhenEchoedRequestStringsHoldLoneSurrogates() throws Exception
    {
        // JSON lets a string escape a lone surrogate; echoed in an error, it must still leave as valid UTF-8
        final String request = "{\"op\":\"x\\ud800\\u0783y\",\"id\":\"\\ud800\\u00e9\"}";
        try (WebSocketTestSupport support = new WebSocketTestSupport();
            RawFrameClient ws = new RawFrameClient(support.server.port(), "/ws", READ_TIMEOUT_MILLIS))
        {
            ws.read();
            ws.send(RawFrameClient.text(request, new Random(1)));
            final RawFrameClient.Frame answer = ws.read();
            assertEquals(RawFrameClient.TEXT, answer.opcode());
            final java.nio.charset.CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder();
            try
            {
                strict.decode(java.nio.ByteBuffer.wrap(answer.payload()));
            }
            catch (final java.nio.charset.CharacterCodingException ex)
            {
                throw new AssertionError("a text frame that is not UTF-8 (RFC 6455 5.6): " +
                    printable(answer.payload()), ex);
            }
        }
    }

    /** Runs connections until the shared input budget is spent; counts what it saw. */
    private final class FuzzWorker
    {
        private final int index;
        private final long seed;
        private final WebSocketTestSupport support;
        private final ExecutorService pool;
        private final AtomicInteger unclaimed;
        private final Random random;
        private final WebSocketFuzzInputs fuzz;
        private int connections;
        private int inputs;
        private int answers;
        private int pongs;
        private int published;
        private final Map<String, Integer> errorCodes = new TreeMap<>();
        private final Map<String, Integer> terminalOutcomes = new TreeMap<>();

        FuzzWorker(final int index, final long seed, final WebSocketTestSupport support, final ExecutorService pool,
            final AtomicInteger unclaimed)
        {
            this.index = index;
            this.seed = seed;
            this.support = support;
            this.pool = pool;
            this.unclaimed = unclaimed;
            this.random = new Random(seed + index);
            this.fuzz = new WebSocketFuzzInputs(random, MAX_FRAME);
        }

        FuzzWorker run() throws Exception
        {
            final EnginePublisher publisher = support.engine.newPublisher();
            int claimed;
            while ((claimed = claim()) > 0)
            {
                final List<WebSocketFuzzInputs.Input> batch = new ArrayList<>(claimed - 1);
                for (int i = 0; i < claimed - 1; i++)
                {
                    batch.add(fuzz.next());
                }
                final WebSocketFuzzInputs.Terminal terminal = fuzz.terminal();
                final String context = "seed " + seed + ", worker " + index + ", connection " + connections;
                try (RawFrameClient ws = connect())
                {
                    final Future<?> writer = pool.submit(() ->
                    {
                        ws.send(WebSocketFuzzInputs.concat(batch.stream().map(WebSocketFuzzInputs.Input::wire)
                            .toArray(byte[][]::new)));
                        return null;
                    });
                    publishEvents(publisher, index, published, EVENTS_PER_CONNECTION);
                    published += EVENTS_PER_CONNECTION;
                    readAnswers(ws, batch, context);
                    writer.get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                    expectClose(ws, terminal, context + ", terminal " + terminal.description());
                }
                connections++;
                inputs += claimed;
            }
            return this;
        }

        private int claim()
        {
            while (true)
            {
                final int left = unclaimed.get();
                final int take = Math.min(left, INPUTS_PER_CONNECTION);
                if (unclaimed.compareAndSet(left, left - take))
                {
                    return take;
                }
            }
        }

        private RawFrameClient connect() throws IOException
        {
            final RawFrameClient ws = new RawFrameClient(support.server.port(), "/ws", READ_TIMEOUT_MILLIS);
            final RawFrameClient.Frame welcome = ws.read();
            assertTrue(welcome != null && welcome.opcode() == RawFrameClient.TEXT &&
                welcome.text().contains("\"welcome\""), "no welcome");
            return ws;
        }

        private void readAnswers(final RawFrameClient ws, final List<WebSocketFuzzInputs.Input> batch,
            final String context) throws Exception
        {
            final int expectedAnswers = batch.stream().mapToInt(WebSocketFuzzInputs.Input::answers).sum();
            final int expectedPongs = batch.stream().mapToInt(WebSocketFuzzInputs.Input::pongs).sum();
            int gotAnswers = 0;
            int gotPongs = 0;
            while (gotAnswers < expectedAnswers || gotPongs < expectedPongs)
            {
                final RawFrameClient.Frame frame = read(ws, context);
                if (frame == null || frame.opcode() == RawFrameClient.CLOSE)
                {
                    throw new AssertionError("server ended the connection (" + (frame == null ? "EOF" :
                        "close " + frame.closeCode() + " " + frame.text()) + ") after " + gotAnswers + "/" +
                        expectedAnswers + " answers and " + gotPongs + "/" + expectedPongs + " pongs: " + context +
                        "; " + culprit(batch));
                }
                if (frame.opcode() == RawFrameClient.PONG)
                {
                    gotPongs++;
                }
                else if (frame.opcode() == RawFrameClient.TEXT && isAnswer(frame, context))
                {
                    gotAnswers++;
                }
            }
            answers += gotAnswers;
            pongs += gotPongs;
        }

        /** True for an answer, false for an {@code events} (or {@code gap}) message; fails on anything malformed. */
        private boolean isAnswer(final RawFrameClient.Frame frame, final String context) throws IOException
        {
            final JsonNode m;
            try
            {
                m = WebSocketTestSupport.MAPPER.readTree(frame.payload());
            }
            catch (final IOException ex)
            {
                throw new AssertionError("the server sent a text message that is not valid UTF-8 JSON (" +
                    ex.getMessage().lines().findFirst().orElse("") + "): " + printable(frame.payload()) + ", " + context, ex);
            }
            final String type = m.path("type").asText("");
            assertTrue(m.isObject() && !type.isEmpty(), () -> "server message without a type: " + m + ", " + context);
            if ("events".equals(type) || "gap".equals(type))
            {
                return false;
            }
            if ("error".equals(type))
            {
                final String code = m.path("code").asText("");
                assertTrue(!code.isEmpty() && !m.path("message").asText("").isEmpty() && m.has("id"),
                    () -> "an error needs code, message and id: " + m + ", " + context);
                errorCodes.merge(code, 1, Integer::sum);
            }
            return true;
        }

        /** After the terminal input: close frame with an allowed status (or just EOF on a half-close), then EOF. */
        private void expectClose(final RawFrameClient ws, final WebSocketFuzzInputs.Terminal terminal,
            final String context) throws Exception
        {
            ws.send(terminal.wire());
            if (terminal.halfClose())
            {
                ws.shutdownOutput();
            }
            RawFrameClient.Frame close = null;
            RawFrameClient.Frame frame;
            while ((frame = read(ws, context)) != null)
            {
                if (frame.opcode() == RawFrameClient.CLOSE)
                {
                    close = close == null ? frame : close;
                }
                else if (close != null && frame.opcode() != RawFrameClient.PING)
                {
                    throw new AssertionError("a data frame after the close frame: " + frame.text() + ", " + context);
                }
                else if (frame.opcode() == RawFrameClient.TEXT && !terminal.halfClose() && isAnswer(frame, context))
                {
                    throw new AssertionError("answered instead of closing: " + frame.text() + ", " + context);
                }
            }
            final int code = close == null ? -1 : close.closeCode();
            if (terminal.closeCodes().length > 0)
            {
                assertTrue(code == terminal.closeCodes()[0], () -> "close status " + code + ", expected " +
                    terminal.closeCodes()[0] + ": " + context);
            }
            else if (!terminal.halfClose())
            {
                assertTrue(code > 0, () -> "no close frame: " + context);
            }
            terminalOutcomes.merge(code < 0 ? "EOF" : Integer.toString(code), 1, Integer::sum);
        }

        private RawFrameClient.Frame read(final RawFrameClient ws, final String context) throws IOException
        {
            try
            {
                return ws.read();
            }
            catch (final SocketTimeoutException ex)
            {
                throw new AssertionError("server hung: no answer, no close within " + READ_TIMEOUT_MILLIS + " ms: " +
                    context, ex);
            }
        }

        /** Replays the connection's inputs one at a time on fresh connections to name the first one not answered. */
        private String culprit(final List<WebSocketFuzzInputs.Input> batch)
        {
            for (final WebSocketFuzzInputs.Input input : batch)
            {
                try (RawFrameClient ws = connect())
                {
                    ws.send(input.wire());
                    ws.send(RawFrameClient.text("{\"op\":\"ping\"}", random));
                    int seen = 0;
                    RawFrameClient.Frame frame;
                    while ((frame = ws.read()) != null && frame.opcode() != RawFrameClient.CLOSE)
                    {
                        if (frame.opcode() == RawFrameClient.TEXT || frame.opcode() == RawFrameClient.PONG)
                        {
                            seen++;
                        }
                        if (seen == input.answers() + input.pongs() + 1)
                        {
                            break;
                        }
                    }
                    if (frame == null || frame.opcode() == RawFrameClient.CLOSE)
                    {
                        return "replayed alone, this input ends the connection: " + input.description();
                    }
                }
                catch (final IOException ex)
                {
                    return "replayed alone, this input gets no answer (" + ex + "): " + input.description();
                }
            }
            return "no single input fails alone (an interaction of the pipelined inputs)";
        }

        void add(final FuzzWorker other)
        {
            connections += other.connections;
            inputs += other.inputs;
            answers += other.answers;
            pongs += other.pongs;
            published += other.published;
            other.errorCodes.forEach((k, v) -> errorCodes.merge(k, v, Integer::sum));
            other.terminalOutcomes.forEach((k, v) -> terminalOutcomes.merge(k, v, Integer::sum));
        }

        String summary()
        {
            return inputs + " inputs on " + connections + " connections: " + answers + " answers, " + pongs +
                " pongs, errors " + errorCodes + ", endings " + terminalOutcomes;
        }
    }

    /** The bytes as text, with every byte outside printable ASCII as {@code \\xNN}, clipped to 400 characters. */
    private static String printable(final byte[] bytes)
    {
        final StringBuilder s = new StringBuilder();
        for (int i = 0; i < bytes.length && s.length() < 400; i++)
        {
            final int b = bytes[i] & 0xFF;
            s.append(b >= 0x20 && b < 0x7F ? String.valueOf((char)b) : String.format("\\x%02x", b));
        }
        return s.toString();
    }

    /** Publishes {@code count} events of one worker on its own topic; correlation id = worker and event number. */
    private void publishEvents(final EnginePublisher publisher, final int worker, final int first, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final long correlationId = (long)(worker + 1) << 32 | first + i;
            final byte[] bytes = new Event(0, eventId(correlationId), "", EVENT_TOPIC + "w" + worker,
                Priority.NORMAL, 1_700_000_000_000L, Map.of("n", (long)i), ContentType.JSON,
                "{}".getBytes(StandardCharsets.UTF_8)).toBytes();
            assertEquals(PublishStatus.QUEUED,
                publisher.publish(new UnsafeBuffer(bytes), 0, bytes.length, callback, correlationId));
        }
    }

    private static String eventId(final long correlationId)
    {
        return "ev-" + correlationId;
    }

    /** The watcher got exactly the accepted events, each once, in seq order, with the ids they were published as. */
    private void assertEveryAcceptedEventDeliveredInOrder(final WebSocketTestSupport.Client watcher,
        final int published, final long seed) throws Exception
    {
        WebSocketTestSupport.await("publish outcomes", () -> acceptedSeqByCorrelation.size() == published);
        final TreeMap<Long, String> expected = new TreeMap<>();
        acceptedSeqByCorrelation.forEach((correlationId, seq) ->
        {
            assertTrue(seq > 0, () -> "event " + correlationId + " not accepted: " + seq);
            expected.put(seq, eventId(correlationId));
        });
        final TreeMap<Long, String> received = new TreeMap<>();
        long last = 0;
        while (received.size() < expected.size())
        {
            final JsonNode m = watcher.expect("events");
            for (final JsonNode e : m.get("events"))
            {
                final long seq = e.get("seq").asLong();
                assertTrue(seq > last, "seq order broken at " + seq + " after " + last + ", seed " + seed);
                last = seq;
                received.put(seq, e.get("id").textValue());
            }
        }
        assertEquals(expected, received, "seed " + seed);
        assertTrue(watcher.messages.isEmpty(), () -> "unexpected: " + watcher.messages);
    }

    private static void assertFreshClientsServed(final WebSocketTestSupport support) throws Exception
    {
        final List<WebSocketTestSupport.Client> fresh = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            final WebSocketTestSupport.Client c = support.connect("fresh-" + i);
            c.subscribe("{\"op\":\"subscribe\",\"id\":\"s\",\"topic\":\"after.fuzz\"}");
            c.assertUsable();
            fresh.add(c);
        }
        final String id = support.publish("after.fuzz", Map.of(), "{}");
        for (final WebSocketTestSupport.Client c : fresh)
        {
            assertEquals(id, c.expect("events").get("events").get(0).get("id").textValue());
        }
    }

    private static Set<Thread> eventLoopThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().toLowerCase().contains("eventloop"))
            .collect(Collectors.toSet());
    }
}
