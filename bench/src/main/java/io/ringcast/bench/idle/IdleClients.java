package io.ringcast.bench.idle;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The client side of {@link IdleConnectionsBenchmark}, run in its own JVM: opens N WebSocket connections to
 * {@code ws://127.0.0.1:PORT/ws?user=idle-I} with Netty (at most {@code concurrency} handshakes at a time), makes
 * one subscription on each ({@code bench.idle.I}) and then keeps them idle, answering the server's heartbeat pings.
 * Prints {@code connected K/N} as it goes, {@code ALL N} once every subscription is confirmed (or {@code FAILED
 * reason}), and on the command {@code status} a line {@code STATUS open=X closed=Y}; {@code quit} closes all.
 * <p>
 * Arguments: {@code PORT CONNECTIONS CONCURRENCY}.
 */
public final class IdleClients
{
    private static final int PROGRESS_EVERY = 1000;

    private IdleClients()
    {
    }

    /**
     * Connects, reports, waits for {@code quit}.
     *
     * @param args port, number of connections, handshakes in flight at most
     */
    public static void main(final String[] args) throws Exception
    {
        final int port = Integer.parseInt(args[0]);
        final int connections = Integer.parseInt(args[1]);
        final int concurrency = Integer.parseInt(args[2]);
        final Semaphore inFlight = new Semaphore(concurrency);
        final AtomicInteger subscribed = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        final Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true);
        try
        {
            for (int i = 0; i < connections; i++)
            {
                if (!inFlight.tryAcquire(60, TimeUnit.SECONDS))
                {
                    System.out.println("FAILED no handshake finished within 60 s at connection " + i);
                    return;
                }
                final int index = i;
                final Channel channel = bootstrap.clone()
                    .handler(new ChannelInitializer<SocketChannel>()
                    {
                        @Override
                        protected void initChannel(final SocketChannel ch)
                        {
                            final URI uri = URI.create("ws://127.0.0.1:" + port + "/ws?user=idle-" + index);
                            ch.pipeline()
                                .addLast(new HttpClientCodec())
                                .addLast(new HttpObjectAggregator(65536))
                                .addLast(new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                    .webSocketUri(uri).handshakeTimeoutMillis(60_000).build()))
                                .addLast(new Subscriber(index, connections, inFlight, subscribed, closed));
                        }
                    })
                    .connect("127.0.0.1", port).addListener(f ->
                    {
                        if (!f.isSuccess())
                        {
                            System.out.println("FAILED connect " + index + ": " + f.cause());
                            inFlight.release();
                        }
                    }).channel();
                channels.add(channel);
            }
            inFlight.acquire(concurrency);
            System.out.println(subscribed.get() == connections ? "ALL " + connections :
                "FAILED only " + subscribed.get() + " of " + connections + " subscribed");
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit"))
            {
                if (line.equals("status"))
                {
                    System.out.println("STATUS open=" + channels.size() + " closed=" + closed.get());
                }
            }
        }
        finally
        {
            channels.close().awaitUninterruptibly(30, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Sends the subscription once upgraded; counts the confirmation. One per channel, on its event loop. */
    private static final class Subscriber extends SimpleChannelInboundHandler<TextWebSocketFrame>
    {
        private final int index;
        private final int total;
        private final Semaphore inFlight;
        private final AtomicInteger subscribed;
        private final AtomicInteger closed;
        private boolean confirmed;

        Subscriber(final int index, final int total, final Semaphore inFlight, final AtomicInteger subscribed,
            final AtomicInteger closed)
        {
            this.index = index;
            this.total = total;
            this.inFlight = inFlight;
            this.subscribed = subscribed;
            this.closed = closed;
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
        {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE)
            {
                ctx.writeAndFlush(new TextWebSocketFrame(
                    "{\"op\":\"subscribe\",\"id\":\"s\",\"topic\":\"bench.idle." + index + "\"}"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final TextWebSocketFrame frame)
        {
            final String text = frame.text();
            if (!confirmed && text.contains("\"type\":\"subscribed\""))
            {
                confirmed = true;
                final int n = subscribed.incrementAndGet();
                if (n % PROGRESS_EVERY == 0 || n == total)
                {
                    System.out.println("connected " + n + "/" + total);
                }
                inFlight.release();
            }
            else if (text.contains("\"type\":\"error\""))
            {
                System.out.println("FAILED connection " + index + ": " + text);
            }
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx) throws Exception
        {
            closed.incrementAndGet();
            if (!confirmed)
            {
                confirmed = true;
                inFlight.release();
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            System.out.println("FAILED connection " + index + ": " + cause);
            ctx.close();
        }
    }
}
