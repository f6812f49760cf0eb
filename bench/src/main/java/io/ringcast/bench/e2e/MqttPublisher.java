package io.ringcast.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.SocketFactory;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * An Eclipse Paho publisher connection over MQTT 3.1.1 on TCP, QoS 0, not retained. {@link #publish} hands the
 * message to Paho's send queue (Paho copies the payload) and returns; Paho's sender thread writes it. No automatic
 * reconnect: after a lost connection every send is counted as an error.
 * <p>
 * The socket has Nagle's algorithm off (Paho leaves it on), as jnats and Netty do on their sockets, so the peers
 * are not measured with a 40 ms delayed-ACK stall the others do not have.
 * <p>
 * Threads: {@link #publish} and {@link #close} from one publisher thread; {@link #errors} from any.
 */
public final class MqttPublisher implements BenchPublisher
{
    /**
     * Paho's in-flight limit. Paho refuses a send (error 32202) when this many are taken by its sender thread and not
     * yet written; for QoS 0 that is at most a few, so the limit only has to stay out of the way.
     */
    static final int MAX_INFLIGHT = 65_535;

    private static final String PAHO_POM_PROPERTIES =
        "/META-INF/maven/org.eclipse.paho/org.eclipse.paho.client.mqttv3/pom.properties";
    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final long QUIESCE_MILLIS = 10_000;

    private final MqttAsyncClient client;
    private final String[] topics;
    private final AtomicLong errors = new AtomicLong();

    /**
     * Connects to {@code tcp://127.0.0.1:port} as {@code clientId} (clean session) and prepares the topic names of
     * topics {@code 0..topics-1}.
     *
     * @throws MqttException when the broker cannot be reached or refuses the connection
     */
    public MqttPublisher(final int port, final int topics, final String clientId) throws MqttException
    {
        // memory persistence: Paho's default writes a directory into the working directory
        client = new MqttAsyncClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback()
        {
            @Override
            public void connectionLost(final Throwable cause)
            {
                errors.incrementAndGet();
            }

            @Override
            public void messageArrived(final String topic, final MqttMessage message)
            {
            }

            @Override
            public void deliveryComplete(final IMqttDeliveryToken token)
            {
            }
        });
        final MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(MqttSubscriberSession.KEEP_ALIVE_SECONDS);
        options.setMaxInflight(MAX_INFLIGHT);
        options.setSocketFactory(new NoDelaySocketFactory());
        client.connect(options).waitForCompletion(CONNECT_TIMEOUT_MILLIS);
        // topic strings built once, so a send builds none
        this.topics = new String[topics];
        for (int k = 0; k < topics; k++)
        {
            this.topics[k] = MqttSubscriberSession.topic(k);
        }
    }

    /**
     * Queues {@code payload} on topic {@code bench/t<topic>} at QoS 0. Paho allocates its message, a copy of the
     * payload and a token. A refused send is counted, not thrown.
     *
     * @throws IllegalArgumentException when {@code topic} is outside the topics of the load
     */
    @Override
    public void publish(final int topic, final byte[] payload)
    {
        if (topic < 0 || topic >= topics.length)
        {
            throw new IllegalArgumentException("topic " + topic + " outside 0.." + (topics.length - 1));
        }
        try
        {
            client.publish(topics[topic], payload, 0, false);
        }
        catch (final MqttException ex)
        {
            errors.incrementAndGet();
        }
    }

    /** Refused sends plus lost connections. */
    @Override
    public long errors()
    {
        return errors.get();
    }

    /** Lets Paho write what it still queues (at most 10 s), disconnects and closes. */
    @Override
    public void close() throws Exception
    {
        try
        {
            if (client.isConnected())
            {
                client.disconnect(QUIESCE_MILLIS).waitForCompletion(QUIESCE_MILLIS + CONNECT_TIMEOUT_MILLIS);
            }
        }
        finally
        {
            client.close();
        }
    }

    /**
     * The Paho version on the class path, from its jar's Maven properties (Paho's own version constant is an
     * unfilled {@code ${project.version}} in 1.2.5), or {@code unknown}. Reads a resource; call once.
     */
    public static String pahoVersion()
    {
        try (InputStream in = MqttAsyncClient.class.getResourceAsStream(PAHO_POM_PROPERTIES))
        {
            if (in == null)
            {
                return "unknown";
            }
            final Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }

    /** Plain sockets with {@code TCP_NODELAY}. */
    private static final class NoDelaySocketFactory extends SocketFactory
    {
        @Override
        public Socket createSocket() throws IOException
        {
            return noDelay(new Socket());
        }

        @Override
        public Socket createSocket(final String host, final int port) throws IOException
        {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(final String host, final int port, final InetAddress localHost,
            final int localPort) throws IOException
        {
            return noDelay(new Socket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(final InetAddress host, final int port) throws IOException
        {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(final InetAddress address, final int port, final InetAddress localAddress,
            final int localPort) throws IOException
        {
            return noDelay(new Socket(address, port, localAddress, localPort));
        }

        private static Socket noDelay(final Socket socket) throws IOException
        {
            socket.setTcpNoDelay(true);
            return socket;
        }
    }
}
