package io.ringcast.journal;

import java.nio.file.Path;

import org.agrona.ExpandableArrayBuffer;

import io.ringcast.engine.delivery.CountingDelivery;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.EventEncoder;
import io.ringcast.engine.event.PublishCallback;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.RingcastEngine;

/**
 * The process {@link JournalCrashTest} kills: an engine on an ASYNC Chronicle journal in {@code args[0]}, published
 * to without end, printing every ACKed seq on its own line once the engine has answered it.
 */
public final class JournalCrashChild
{
    private JournalCrashChild()
    {
    }

    public static void main(final String[] args)
    {
        final ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(Path.of(args[0])));
        final RingcastEngine engine = RingcastEngine.start(EngineConfig.defaults(), journal, new CountingDelivery());
        final PublishCallback printer = new PublishCallback()
        {
            @Override
            public void onAccepted(final long correlationId, final long seq)
            {
                System.out.println(seq);
            }

            @Override
            public void onDuplicate(final long correlationId, final long originalSeq)
            {
                System.out.println("duplicate " + correlationId);
            }

            @Override
            public void onFailed(final long correlationId, final String reason)
            {
                System.out.println("failed " + correlationId + " " + reason);
            }
        };
        final EnginePublisher publisher = engine.newPublisher();
        final EventEncoder encoder = new EventEncoder();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
        for (long i = 0; ; i++)
        {
            encoder.wrap(buffer, 0).contentType(ContentType.JSON).timestamp(System.currentTimeMillis())
                .id("crash-" + i).dedupKey("").topic("users." + (i % 100) + ".tasks")
                .attribute("severity", i % 5).attribute("providerName", "openai");
            final int length = encoder.payload("{\"n\":" + i + ",\"text\":\"remember to water the plants\"}");
            publisher.publish(buffer, 0, length, printer, i);
        }
    }
}
