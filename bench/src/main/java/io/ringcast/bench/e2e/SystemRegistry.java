package io.ringcast.bench.e2e;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Locale;

/**
 * The systems the command line knows by name. The peers are created by class name (reflection), so the harness
 * builds whether or not their adapters are in the tree. Stateless; any thread.
 */
public final class SystemRegistry
{
    /** The names {@link #create} accepts, in the order a full run uses. */
    public static final List<String> NAMES = List.of("ringcast", "nats", "mosquitto", "ringcast-inprocess");

    private static final String PACKAGE = SystemRegistry.class.getPackageName();

    private SystemRegistry()
    {
    }

    /**
     * A new, not yet started system: {@code ringcast} (server in a child JVM), {@code ringcast-inprocess},
     * {@code nats} ({@code NatsSystem}), {@code mosquitto} ({@code MosquittoSystem}).
     *
     * @throws IllegalArgumentException for an unknown name, or a peer whose adapter class is missing
     */
    public static SystemUnderTest create(final String name)
    {
        switch (name.trim().toLowerCase(Locale.ROOT))
        {
            case "ringcast":
                return new RingcastSystem();
            case "ringcast-inprocess":
                return RingcastSystem.inProcess();
            case "nats":
                return byClassName("NatsSystem", name);
            case "mosquitto":
                return byClassName("MosquittoSystem", name);
            default:
                throw new IllegalArgumentException("unknown system '" + name + "'; known: " + String.join(", ", NAMES));
        }
    }

    private static SystemUnderTest byClassName(final String simpleName, final String name)
    {
        final String className = PACKAGE + "." + simpleName;
        try
        {
            return (SystemUnderTest)Class.forName(className).getDeclaredConstructor().newInstance();
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalArgumentException("system '" + name + "' needs the class " + className +
                ", which is not in this build", ex);
        }
        catch (final InvocationTargetException ex)
        {
            throw new IllegalArgumentException("system '" + name + "' could not be created: " + ex.getCause(),
                ex.getCause());
        }
        catch (final ReflectiveOperationException | ClassCastException ex)
        {
            throw new IllegalArgumentException("system '" + name + "': " + className + " is not a SystemUnderTest " +
                "with a public no-argument constructor (" + ex + ")", ex);
        }
    }
}
