package io.ringcast.bench.e2e;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The latency-by-percentile chart, as HdrHistogram's plotter draws it: x is the percentile on the
 * {@code log10(1/(1−p))} axis (ticks 50 %, 90 %, 99 %, 99.9 %, 99.99 %, 99.999 %), y the latency in milliseconds on
 * a log axis, one line per series (a system at one load). Rendered headless to a PNG with JFreeChart. Stateless;
 * any thread; allocates.
 */
public final class PercentilePlot
{
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 600;
    private static final double SMALLEST_MILLIS = 0.001;
    private static final double LAST_PERCENTILE = 99.9999;
    private static final double X_MARGIN = 0.15;
    private static final double[] TICK_PERCENTILES = {50, 90, 99, 99.9, 99.99, 99.999, 99.9999};
    private static final String[] TICK_LABELS = {"50%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"};
    private static final Color[] COLORS = {new Color(0xd6, 0x27, 0x28), new Color(0x1f, 0x77, 0xb4),
        new Color(0x2c, 0xa0, 0x2c), new Color(0xff, 0x7f, 0x0e), new Color(0x94, 0x67, 0xbd),
        new Color(0x8c, 0x56, 0x4b)};

    private PercentilePlot()
    {
    }

    /**
     * Writes a PNG of {@code series} (name → latencies in nanoseconds, in legend order) to {@code png}.
     *
     * @throws IllegalArgumentException when there is no series or one is empty
     */
    public static void write(final Path png, final String title, final Map<String, Histogram> series)
        throws IOException
    {
        if (series.isEmpty())
        {
            throw new IllegalArgumentException("a percentile plot needs at least one series");
        }
        System.setProperty("java.awt.headless", "true");
        final XYSeriesCollection data = new XYSeriesCollection();
        double highestX = x(99.99);
        for (final Map.Entry<String, Histogram> e : series.entrySet())
        {
            if (e.getValue().getTotalCount() == 0)
            {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has no values");
            }
            final XYSeries line = line(e.getKey(), e.getValue());
            highestX = Math.max(highestX, line.getMaxX());
            data.addSeries(line);
        }
        final PercentileAxis xAxis = new PercentileAxis();
        // up to the next whole tick past the data, plus room for that tick's label
        xAxis.setRange(0, Math.min(x(LAST_PERCENTILE), Math.ceil(highestX)) + X_MARGIN);
        final LogAxis yAxis = new LogAxis("latency (ms), from scheduled send time to arrival");
        yAxis.setSmallestValue(SMALLEST_MILLIS);
        // ticks at powers of two (…, 0.25, 0.5, 1, 2, 4, …): round labels at any range
        yAxis.setBase(2);
        yAxis.setTickUnit(new NumberTickUnit(1));
        yAxis.setNumberFormatOverride(new DecimalFormat("0.####"));
        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++)
        {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        final XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        final JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        final Path parent = png.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    /** The x position of {@code percentile}: {@code log10(1 / (1 − p/100))}. */
    static double x(final double percentile)
    {
        return Math.log10(1.0 / (1.0 - percentile / 100.0));
    }

    private static XYSeries line(final String name, final Histogram nanos)
    {
        final XYSeries line = new XYSeries(name, true, true);
        // five points per halving of the remaining tail, as HdrHistogram's percentile output steps
        for (final HistogramIterationValue v : nanos.percentiles(5))
        {
            final double p = v.getPercentileLevelIteratedTo();
            if (p >= 100.0)
            {
                break;
            }
            line.add(x(Math.min(p, LAST_PERCENTILE)), millis(nanos.highestEquivalentValue(v.getValueIteratedTo())));
        }
        // the max at the last point of the tail, as the plotter shows it
        final double maxX = Math.min(x(LAST_PERCENTILE), x(100.0 * (1.0 - 1.0 / Math.max(2, nanos.getTotalCount()))));
        line.add(Math.max(maxX, line.isEmpty() ? 0 : line.getMaxX()), millis(nanos.getMaxValue()));
        return line;
    }

    private static double millis(final long nanos)
    {
        return Math.max(SMALLEST_MILLIS, nanos / 1e6);
    }

    /** A linear axis over {@code log10(1/(1−p))} whose ticks are the usual percentiles. */
    private static final class PercentileAxis extends NumberAxis
    {
        private static final long serialVersionUID = 1L;

        PercentileAxis()
        {
            super("percentile");
        }

        @Override
        public List<? extends ValueTick> refreshTicks(final Graphics2D g2, final AxisState state,
            final Rectangle2D dataArea, final RectangleEdge edge)
        {
            final List<ValueTick> ticks = new ArrayList<>();
            for (int i = 0; i < TICK_PERCENTILES.length; i++)
            {
                final double at = x(TICK_PERCENTILES[i]);
                if (at <= getUpperBound() + 1e-9)
                {
                    ticks.add(new NumberTick(at, TICK_LABELS[i], TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0.0));
                }
            }
            return ticks;
        }
    }
}
