package io.ringcast.bench;

/**
 * JVM flags every forked benchmark JVM needs. JMH forks run from the class path, so the benchmark jar's
 * manifest {@code Add-Exports} does not reach them: Agrona's buffers need {@code jdk.internal.misc}.
 */
final class BenchJvm
{
    /** Agrona 2.x reads {@code jdk.internal.misc.Unsafe}. */
    static final String EXPORT_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** Keeps Chronicle (journal benchmarks) from phoning home. */
    static final String NO_ANALYTICS = "-Dchronicle.analytics.disable=true";

    private BenchJvm()
    {
    }
}
