package io.ringcast.engine.pipeline;

import static io.ringcast.engine.pipeline.EngineFixture.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.delivery.RecordingDelivery;
import io.ringcast.engine.event.CodecError;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.metrics.RejectReason;

/** The publisher refuses a payload declared JSON that is not JSON, before it takes a ring slot. */
class PublisherJsonPayloadTest
{
    private final AckRecorder acks = new AckRecorder();
    private RingcastEngine engine;
    private EnginePublisher publisher;

    @BeforeEach
    void start()
    {
        final EngineConfig config = EngineConfig.builder().layout(StageLayout.COMPACT).ringSize(64).build();
        engine = RingcastEngine.start(config, new InMemoryJournal(), new RecordingDelivery());
        publisher = engine.newPublisher();
    }

    @AfterEach
    void stop()
    {
        engine.close();
    }

    @Test
    void shouldRefuseJsonPayloadThatIsNotJsonWithWhereAndWhy()
    {
        final byte[] payload = "{\"model\":\"gpt-x\",oops}".getBytes(StandardCharsets.UTF_8);

        assertEquals(PublishStatus.INVALID, publish(publisher, event("bad", ContentType.JSON, payload), acks, 1));
        assertEquals(CodecError.PAYLOAD_NOT_JSON, publisher.error());
        final String message = publisher.errorMessage();
        assertEquals("payload declared JSON is not valid JSON at payload byte 17: unexpected character",
            message.substring(0, message.indexOf(" (")), message);
        assertEquals(1, engine.metrics().rejected(RejectReason.MALFORMED));
        assertEquals(0, engine.metrics().published.get(), "a refused event takes no ring slot");
    }

    @Test
    void shouldGiveTheEventByteOfTheFaultToo()
    {
        final Event event = event("bad", ContentType.JSON, "[1,]".getBytes(StandardCharsets.UTF_8));
        final byte[] bytes = event.toBytes();

        assertEquals(PublishStatus.INVALID, publisher.tryPublish(new UnsafeBuffer(bytes), 0, bytes.length, acks, 1));
        final int payloadStart = bytes.length - 4;
        assertEquals("payload declared JSON is not valid JSON at payload byte 3: unexpected character (event byte " +
            (payloadStart + 3) + "; a JSON payload must be exactly one RFC 8259 value in UTF-8 or empty, other " +
            "bytes go as content type opaque)", publisher.errorMessage());
    }

    @Test
    void shouldAcceptTheSameBytesDeclaredOpaqueAndValidJsonAndAnEmptyJsonPayload() throws Exception
    {
        final byte[] notJson = "{\"model\":\"gpt-x\",oops}".getBytes(StandardCharsets.UTF_8);

        assertEquals(PublishStatus.QUEUED, publish(publisher, event("opaque", ContentType.OPAQUE, notJson), acks, 1));
        assertEquals(PublishStatus.QUEUED, publish(publisher,
            event("json", ContentType.JSON, "{\"model\":\"gpt-x\",\"ok\":true}".getBytes(StandardCharsets.UTF_8)),
            acks, 2));
        assertEquals(PublishStatus.QUEUED, publish(publisher, event("empty", ContentType.JSON, new byte[0]), acks, 3));
        assertEquals(CodecError.NONE, publisher.error());

        final List<AckRecorder.Ack> answered = acks.awaitCount(3);
        for (final AckRecorder.Ack ack : answered)
        {
            assertEquals("accepted", ack.outcome(), ack::toString);
        }
        assertEquals(0, engine.metrics().rejected(RejectReason.MALFORMED));
    }

    @Test
    void shouldRefuseWhitespaceOnlyJsonPayloadAsEmpty()
    {
        assertEquals(PublishStatus.INVALID, publish(publisher,
            event("blank", ContentType.JSON, "  ".getBytes(StandardCharsets.UTF_8)), acks, 1));
        final String message = publisher.errorMessage();
        assertEquals("payload declared JSON is not valid JSON at payload byte 2: empty",
            message.substring(0, message.indexOf(" (")), message);
    }

    @Test
    void shouldReportTheCodecErrorAgainAfterAJsonRefusal() throws Exception
    {
        publish(publisher, event("bad", ContentType.JSON, "[".getBytes(StandardCharsets.UTF_8)), acks, 1);
        assertEquals(CodecError.PAYLOAD_NOT_JSON, publisher.error());

        final byte[] bytes = event("cut", ContentType.JSON, "[]".getBytes(StandardCharsets.UTF_8)).toBytes();
        assertEquals(PublishStatus.INVALID, publisher.publish(new UnsafeBuffer(bytes), 0, bytes.length - 1, acks, 2));
        assertEquals(CodecError.TRUNCATED, publisher.error());

        assertEquals(PublishStatus.QUEUED, publish(publisher,
            event("good", ContentType.JSON, "[]".getBytes(StandardCharsets.UTF_8)), acks, 3));
        assertEquals(CodecError.NONE, publisher.error());
        assertEquals("accepted", acks.awaitCount(1).get(0).outcome());
        assertEquals(2, engine.metrics().rejected(RejectReason.MALFORMED));
    }

    private static Event event(final String id, final ContentType type, final byte[] payload)
    {
        return new Event(0, id, "", "models.openai", Priority.NORMAL, 1_700_000_000_000L, Map.of("n", 1L), type,
            payload);
    }
}
