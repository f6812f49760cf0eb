package io.ringcast.bench.e2e;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * A minimal Netty WebSocket client for the peer tests, standing in for the harness's: one connection per
 * {@link SubscriberSession}, the session's start frames sent once upgraded, its answers written back, and every
 * payload timestamp ({@link Payloads#scan}) of every frame queued per connection.
 */
final class PeerWebSocketClient implements AutoCloseable
{
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Connection> connections = new ArrayList<>();

    /** Opens connection {@code index} with the protocol's session for {@code topics}. */
    Connection connect(final SubscriberProtocol protocol, final int index, final int[] topics)
    {
        final URI uri = protocol.uri(index);
        final Connection connection = new Connection(protocol.open(index, topics));
        new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(65536))
                        .addLast(new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                            .webSocketUri(uri).subprotocol(protocol.subprotocol())
                            .maxFramePayloadLength(NatsSystem.MAX_PENDING_BYTES).handshakeTimeoutMillis(10_000).build()))
                        .addLast(connection);
                }
            })
            .connect(uri.getHost(), uri.getPort()).addListener(f ->
            {
                if (!f.isSuccess())
                {
                    connection.ready.completeExceptionally(f.cause());
                }
            });
        connections.add(connection);
        return connection;
    }

    @Override
    public void close()
    {
        for (final Connection c : connections)
        {
            if (c.channel != null)
            {
                c.channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One subscriber connection: its session, readiness and received timestamps. */
    static final class Connection extends SimpleChannelInboundHandler<WebSocketFrame>
    {
        final SubscriberSession session;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final BlockingQueue<Long> timestamps = new LinkedBlockingQueue<>();
        volatile Channel channel;
        volatile Throwable failure;

        Connection(final SubscriberSession session)
        {
            this.session = session;
        }

        @Override
        public void channelActive(final ChannelHandlerContext ctx) throws Exception
        {
            channel = ctx.channel();
            super.channelActive(ctx);
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
        {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE)
            {
                for (final WebSocketFrame frame : session.start(ctx.alloc()))
                {
                    ctx.write(frame);
                }
                ctx.flush();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
        {
            final List<WebSocketFrame> answers = session.onFrame(frame, ctx.alloc());
            for (final WebSocketFrame answer : answers)
            {
                ctx.write(answer);
            }
            if (!answers.isEmpty())
            {
                ctx.flush();
            }
            Payloads.scan(frame.content(), timestamps::add);
            if (session.ready())
            {
                ready.complete(null);
            }
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx) throws Exception
        {
            ready.completeExceptionally(new IllegalStateException("connection closed before ready"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            failure = cause;
            ready.completeExceptionally(cause);
            ctx.close();
        }
    }
}
