package io.ringcast.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Which Netty I/O transport the servers and SDK clients run on: Linux epoll (native, fewer copies and syscalls, edge
 * triggered) where its native library loads, else the JDK's NIO. One place decides, so every server and client
 * agrees. Stateless; any thread.
 */
public enum NettyTransport
{
    /** Linux epoll through Netty's native transport. */
    EPOLL,

    /** The JDK's NIO selector: available everywhere. */
    NIO;

    /** Epoll when {@code preferNative} and it is available here, else NIO. */
    public static NettyTransport choose(final boolean preferNative)
    {
        return preferNative && Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** The I/O handler factory for a {@code MultiThreadIoEventLoopGroup}. */
    public IoHandlerFactory ioHandlerFactory()
    {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** The server channel class for a {@code ServerBootstrap}. */
    public Class<? extends ServerSocketChannel> serverChannel()
    {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The client channel class for a {@code Bootstrap}. */
    public Class<? extends SocketChannel> socketChannel()
    {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
