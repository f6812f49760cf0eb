package io.ringcast.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.junit.jupiter.api.Test;

class MqttSubscriberSessionTest
{
    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
    private static final byte[] CONNACK_OK = {0x20, 2, 0, 0};
    private static final byte[] SUBACK_1 = {(byte)0x90, 4, 0, 1, 0, 0};

    private final MqttSubscriberSession session = new MqttSubscriberSession(5, new int[]{3, 12});

    @Test
    void shouldSendConnectThenSubscribeAtQosZeroEachInItsOwnBinaryFrame()
    {
        final List<WebSocketFrame> frames = session.start(ALLOC);
        assertEquals(2, frames.size());
        final byte[] connect = bytes(frames.get(0));
        final byte[] expectedConnect = {0x10, 19, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60, 0, 7,
            'b', 'e', 'n', 'c', 'h', '-', '5'};
        assertArrayEquals(expectedConnect, connect);
        final byte[] subscribe = bytes(frames.get(1));
        final byte[] expectedSubscribe = {(byte)0x82, 25, 0, 1,
            0, 8, 'b', 'e', 'n', 'c', 'h', '/', 't', '3', 0,
            0, 9, 'b', 'e', 'n', 'c', 'h', '/', 't', '1', '2', 0};
        assertArrayEquals(expectedSubscribe, subscribe);
    }

    @Test
    void shouldBeReadyOnceConnackAcceptedAndSubackArrived()
    {
        session.start(ALLOC).forEach(WebSocketFrame::release);
        feed(CONNACK_OK);
        assertFalse(session.ready());
        feed(new byte[]{(byte)0x90, 4, 0, 1, 0});
        assertFalse(session.ready(), "SUBACK still incomplete");
        feed(new byte[]{0});
        assertTrue(session.ready());
    }

    @Test
    void shouldSplitManyTopicsIntoSeveralSubscribesAndWaitForEverySuback()
    {
        final int[] topics = new int[250];
        Arrays.setAll(topics, i -> i);
        final MqttSubscriberSession many = new MqttSubscriberSession(1, topics);
        final List<WebSocketFrame> frames = many.start(ALLOC);
        assertEquals(1 + 3, frames.size());
        assertEquals(0x82, frames.get(3).content().getUnsignedByte(0));
        frames.forEach(WebSocketFrame::release);
        final ByteBuf acks = Unpooled.buffer().writeBytes(CONNACK_OK);
        for (int p = 1; p <= 3; p++)
        {
            final int filters = p < 3 ? 100 : 50;
            acks.writeByte(0x90);
            MqttSubscriberSession.writeRemainingLength(acks, 2 + filters);
            acks.writeShort(p).writeZero(filters);
        }
        final int total = acks.readableBytes();
        many.onFrame(new BinaryWebSocketFrame(acks.retainedSlice(0, total - 1)), ALLOC);
        assertFalse(many.ready());
        many.onFrame(new BinaryWebSocketFrame(acks.retainedSlice(total - 1, 1)), ALLOC);
        assertTrue(many.ready());
        acks.release();
    }

    @Test
    void shouldParseSeveralPacketsInOneFrameAndPacketsSplitAcrossFrames()
    {
        final byte[] publish = publish("bench/t3", Payloads.template(Payloads.MIN_SIZE));
        final byte[] stream = concat(CONNACK_OK, publish, SUBACK_1, publish, new byte[]{(byte)0xD0, 0}, publish);
        for (int cut = 1; cut < stream.length; cut++)
        {
            final MqttSubscriberSession split = new MqttSubscriberSession(1, new int[]{3});
            split.start(ALLOC).forEach(WebSocketFrame::release);
            assertEquals(List.of(), split.onFrame(frame(Arrays.copyOfRange(stream, 0, cut)), ALLOC));
            assertEquals(List.of(), split.onFrame(new ContinuationWebSocketFrame(
                Unpooled.wrappedBuffer(Arrays.copyOfRange(stream, cut, stream.length))), ALLOC));
            assertTrue(split.ready(), "cut at " + cut);
            assertEquals(1, split.pingResponses(), "cut at " + cut);
        }
    }

    @Test
    void shouldSkipPublishesWithRemainingLengthsOfOneToFourBytes()
    {
        session.start(ALLOC).forEach(WebSocketFrame::release);
        feed(CONNACK_OK);
        for (final int length : new int[]{127, 128, 16_383, 16_384, 2_097_151, 2_097_152})
        {
            final ByteBuf packet = Unpooled.buffer().writeByte(0x30);
            MqttSubscriberSession.writeRemainingLength(packet, length);
            final int header = packet.readableBytes();
            assertEquals(length < 128 ? 2 : length < 16_384 ? 3 : length < 2_097_152 ? 4 : 5, header);
            // a payload of 0x90 bytes: were it misread as headers, it would look like SUBACKs
            final byte[] body = new byte[length];
            Arrays.fill(body, (byte)0x90);
            body[0] = 0;
            body[1] = 3;
            packet.writeBytes(body);
            session.onFrame(new BinaryWebSocketFrame(packet), ALLOC);
            packet.release();
            assertFalse(session.ready(), "after a PUBLISH of remaining length " + length);
        }
        feed(SUBACK_1);
        assertTrue(session.ready());
    }

    @Test
    void shouldEncodeRemainingLengthAsOneToFourBytes()
    {
        assertArrayEquals(new byte[]{0}, remainingLength(0));
        assertArrayEquals(new byte[]{0x7F}, remainingLength(127));
        assertArrayEquals(new byte[]{(byte)0x80, 0x01}, remainingLength(128));
        assertArrayEquals(new byte[]{(byte)0xFF, 0x7F}, remainingLength(16_383));
        assertArrayEquals(new byte[]{(byte)0x80, (byte)0x80, 0x01}, remainingLength(16_384));
        assertArrayEquals(new byte[]{(byte)0xFF, (byte)0xFF, (byte)0xFF, 0x7F}, remainingLength(268_435_455));
        assertThrows(IllegalArgumentException.class, () -> remainingLength(268_435_456));
    }

    @Test
    void shouldRejectARemainingLengthLongerThanFourBytes()
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> feed(new byte[]{0x30, (byte)0xFF, (byte)0xFF, (byte)0xFF, (byte)0xFF, 0x01}));
        assertTrue(ex.getMessage().contains("longer than 4 bytes"), ex.getMessage());
    }

    @Test
    void shouldFailWithTheReasonWhenTheConnectionIsRefused()
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> feed(new byte[]{0x20, 2, 0, 5}));
        assertTrue(ex.getMessage().contains("refused connection 5"), ex.getMessage());
        assertTrue(ex.getMessage().contains("return code 5 (not authorized)"), ex.getMessage());
    }

    @Test
    void shouldNameTheTopicWhoseSubscriptionWasRefused()
    {
        session.start(ALLOC).forEach(WebSocketFrame::release);
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> feed(concat(CONNACK_OK, new byte[]{(byte)0x90, 4, 0, 1, 0, (byte)0x80})));
        assertTrue(ex.getMessage().contains("subscription to bench/t12 on connection 5"), ex.getMessage());
    }

    @Test
    void shouldRejectPacketsASubscriberCannotReceive()
    {
        final IllegalStateException qos = assertThrows(IllegalStateException.class,
            () -> feed(new byte[]{0x32, 0}));
        assertTrue(qos.getMessage().contains("PUBLISH with QoS 1"), qos.getMessage());
        final IllegalStateException type = assertThrows(IllegalStateException.class,
            () -> new MqttSubscriberSession(2, new int[]{1}).onFrame(frame(new byte[]{0x10, 0}), ALLOC));
        assertTrue(type.getMessage().contains("unexpected MQTT packet type 1"), type.getMessage());
    }

    @Test
    void shouldSendPingreqAsKeepAlive()
    {
        final WebSocketFrame ping = session.keepAlive(ALLOC);
        assertArrayEquals(new byte[]{(byte)0xC0, 0}, bytes(ping));
        feed(new byte[]{(byte)0xD0, 0});
        assertEquals(1, session.pingResponses());
    }

    @Test
    void shouldPiggybackPingreqOnReceivedFramesOnceHalfTheKeepAlivePassed()
    {
        final MqttSubscriberSession busy = new MqttSubscriberSession(1, new int[]{3}, 0);
        busy.start(ALLOC).forEach(WebSocketFrame::release);
        final List<WebSocketFrame> answers = busy.onFrame(frame(concat(CONNACK_OK, publish("bench/t3",
            new byte[]{1}))), ALLOC);
        assertEquals(1, answers.size());
        assertArrayEquals(new byte[]{(byte)0xC0, 0}, bytes(answers.get(0)));
        assertEquals(List.of(), session.onFrame(frame(CONNACK_OK), ALLOC), "not before half the keep-alive");
    }

    @Test
    void shouldLeaveTheFrameReadableForTheHarness()
    {
        final WebSocketFrame frame = frame(concat(CONNACK_OK, publish("bench/t3", new byte[]{1, 2, 3})));
        final int readable = frame.content().readableBytes();
        session.onFrame(frame, ALLOC);
        assertEquals(0, frame.content().readerIndex());
        assertEquals(readable, frame.content().readableBytes());
        frame.release();
    }

    private void feed(final byte[] bytes)
    {
        final WebSocketFrame frame = frame(bytes);
        try
        {
            assertEquals(List.of(), session.onFrame(frame, ALLOC));
        }
        finally
        {
            frame.release();
        }
    }

    private static WebSocketFrame frame(final byte[] bytes)
    {
        return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes));
    }

    private static byte[] bytes(final WebSocketFrame frame)
    {
        final byte[] bytes = ByteBufUtil.getBytes(frame.content());
        frame.release();
        return bytes;
    }

    private static byte[] remainingLength(final int length)
    {
        final ByteBuf out = Unpooled.buffer();
        MqttSubscriberSession.writeRemainingLength(out, length);
        return ByteBufUtil.getBytes(out);
    }

    private static byte[] publish(final String topic, final byte[] payload)
    {
        final byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        final ByteBuf out = Unpooled.buffer().writeByte(0x30);
        MqttSubscriberSession.writeRemainingLength(out, 2 + name.length + payload.length);
        out.writeShort(name.length).writeBytes(name).writeBytes(payload);
        return ByteBufUtil.getBytes(out);
    }

    private static byte[] concat(final byte[]... parts)
    {
        final ByteBuf out = Unpooled.buffer();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return ByteBufUtil.getBytes(out);
    }
}
