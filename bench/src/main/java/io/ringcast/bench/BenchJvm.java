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

    // Chronicle Queue on Java 17 (the parent pom's ringcast.jvm.flags, one JVM argument each; EXPORT_MISC is the 11th)
    static final String CHRONICLE_OPENS_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    static final String CHRONICLE_OPENS_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    static final String CHRONICLE_OPENS_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    static final String CHRONICLE_OPENS_NIO_CH = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String CHRONICLE_OPENS_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    static final String CHRONICLE_OPENS_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
    static final String CHRONICLE_OPENS_JAVAC = "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED";
    static final String CHRONICLE_EXPORTS_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    static final String CHRONICLE_EXPORTS_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String CHRONICLE_EXPORTS_MISC = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";

    private BenchJvm()
    {
    }
}
