package io.ringcast.bench.e2e;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The "max sustainable rate" mode: measures one rate after another on one {@link E2eRun} (same server, same
 * subscribers), each {@code factor} times the last, until a step does not hold (p99 above the bound, deliveries or
 * publishers behind, an error or a closed connection: see {@link StepResult#shortfalls}) or the step limit is
 * reached. The answer is the last rate that held. Main thread only.
 */
public final class MaxRateSearch
{
    private MaxRateSearch()
    {
    }

    /**
     * Runs the steps from {@code startRate} and returns every step's result in order; the last that
     * {@link StepResult#held held} is the answer.
     *
     * @throws IllegalArgumentException when {@code factor} is not above 1 or {@code maxSteps} below 1
     */
    public static List<StepResult> run(final E2eRun run, final long startRate, final double factor,
        final double p99BoundMillis, final int maxSteps, final PrintStream out) throws Exception
    {
        if (!(factor > 1.0) || maxSteps < 1 || startRate < 1)
        {
            throw new IllegalArgumentException("the rate factor must be above 1, steps and start rate at least 1; " +
                "had factor " + factor + ", " + maxSteps + " steps, start " + startRate);
        }
        final List<StepResult> steps = new ArrayList<>();
        long rate = startRate;
        for (int i = 0; i < maxSteps; i++)
        {
            final StepResult step = run.measure(rate);
            steps.add(step);
            out.println("  step " + (i + 1) + ": " + step.verdict(p99BoundMillis));
            if (!step.held(p99BoundMillis))
            {
                break;
            }
            rate = Math.max(rate + 1, Math.round(rate * factor));
        }
        return steps;
    }

    /** The last step that held, or null when none did. */
    public static StepResult lastHeld(final List<StepResult> steps, final double p99BoundMillis)
    {
        StepResult held = null;
        for (final StepResult step : steps)
        {
            if (step.held(p99BoundMillis))
            {
                held = step;
            }
        }
        return held;
    }
}
