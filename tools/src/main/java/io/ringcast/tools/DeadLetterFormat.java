package io.ringcast.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;

import io.ringcast.journal.deadletter.DeadLetter;
import io.ringcast.journal.deadletter.DeadLetterPage;

/**
 * How {@code ringcast dlq} prints dead letters: an aligned table (list), {@code key: value} lines (show), or
 * one JSON object per letter and line. Stateless; any thread; allocates freely (control path).
 */
public final class DeadLetterFormat
{
    /** Output formats of the dlq commands. */
    public enum Format
    {
        /** Human-readable: an aligned table for {@code list}, labelled lines for {@code show}. */
        TABLE,
        /** One JSON object per letter and line. */
        JSON
    }

    /** Longest last-error text a table row shows; {@code dlq show} prints it whole. */
    static final int TABLE_ERROR_WIDTH = 60;

    private static final String[] HEADERS = {
        "ID", "SEQ", "REASON", "ATTEMPTS", "SUBSCRIPTION", "CLIENT", "LAST FAILURE", "REDRIVEN", "LAST ERROR" };
    private static final String GAP = "  ";
    private static final int DETAIL_LABEL_WIDTH = 16;
    private static final JsonFactory JSON = new JsonFactoryBuilder()
        .rootValueSeparator((String)null)
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .build();

    private DeadLetterFormat()
    {
    }

    /**
     * Prints one page as a table: a header row, one row per letter with columns padded to the widest cell,
     * and a footer saying which page of how many this is and how to get the next.
     *
     * @param filtered whether the query had filters, for the message when nothing matches
     */
    public static void printTable(final DeadLetterPage page, final boolean filtered, final PrintStream out)
    {
        if (page.letters().isEmpty())
        {
            if (page.total() == 0)
            {
                out.println(filtered ? "no dead letters match" : "no dead letters");
            }
            else
            {
                out.println("no dead letters on page " + (page.page() + 1) + " (" + countText(page.total()) + " on " +
                    pages(page) + (pages(page) == 1 ? " page)" : " pages)"));
            }
            return;
        }
        final List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (final DeadLetter letter : page.letters())
        {
            rows.add(new String[] {
                Long.toString(letter.id()),
                Long.toString(letter.seq()),
                letter.reason().code(),
                Integer.toString(letter.attempts()),
                printable(letter.subscriptionId()),
                printable(letter.clientId()),
                TimeArguments.format(letter.lastFailureMillis()),
                letter.redriven() ? TimeArguments.format(letter.redrivenMillis()) : "-",
                abbreviate(printable(letter.lastError()), TABLE_ERROR_WIDTH) });
        }
        final int[] widths = new int[HEADERS.length];
        for (final String[] row : rows)
        {
            for (int i = 0; i < row.length; i++)
            {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        final StringBuilder line = new StringBuilder();
        for (final String[] row : rows)
        {
            line.setLength(0);
            for (int i = 0; i < row.length; i++)
            {
                line.append(row[i]);
                if (i < row.length - 1)
                {
                    line.append(" ".repeat(widths[i] - row[i].length())).append(GAP);
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.println(footer(page));
    }

    /**
     * Prints one letter as labelled lines, its error text in full (continuation lines indented), then the event
     * as a replay JSON line, or a note when the journal no longer holds it.
     *
     * @param eventJson the event's JSON line, or null when the journal no longer holds it
     */
    public static void printDetail(final DeadLetter letter, final String eventJson, final PrintStream out)
    {
        final String indent = "\n" + " ".repeat(DETAIL_LABEL_WIDTH);
        out.println(label("id") + letter.id());
        out.println(label("seq") + letter.seq());
        out.println(label("reason") + letter.reason().code());
        out.println(label("attempts") + letter.attempts());
        out.println(label("subscription") + printable(letter.subscriptionId()));
        out.println(label("client") + printable(letter.clientId()));
        out.println(label("first failure") + TimeArguments.format(letter.firstFailureMillis()));
        out.println(label("last failure") + TimeArguments.format(letter.lastFailureMillis()));
        out.println(label("redriven") + (letter.redriven() ? TimeArguments.format(letter.redrivenMillis()) : "no"));
        out.println(label("last error") + String.join(indent, printable(letter.lastError(), true).split("\n", -1)));
        out.println(label("event") + (eventJson == null ? "(no longer in the journal: past retention)" : eventJson));
    }

    /** Prints each letter as one JSON object on its own line. */
    public static void printJson(final List<DeadLetter> letters, final OutputStream out) throws IOException
    {
        try (JsonGenerator g = JSON.createGenerator(out))
        {
            for (final DeadLetter letter : letters)
            {
                g.writeStartObject();
                writeFields(letter, g);
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
        out.flush();
    }

    /**
     * Prints one letter as one JSON object with its event under {@code "event"} (a replay JSON object, or null
     * when the journal no longer holds it).
     */
    public static void printJson(final DeadLetter letter, final String eventJson, final OutputStream out)
        throws IOException
    {
        try (JsonGenerator g = JSON.createGenerator(out))
        {
            g.writeStartObject();
            writeFields(letter, g);
            g.writeFieldName("event");
            if (eventJson == null)
            {
                g.writeNull();
            }
            else
            {
                g.writeRawValue(eventJson);
            }
            g.writeEndObject();
            g.writeRaw('\n');
        }
        out.flush();
    }

    private static void writeFields(final DeadLetter letter, final JsonGenerator g) throws IOException
    {
        g.writeNumberField("id", letter.id());
        g.writeStringField("subscriptionId", letter.subscriptionId());
        g.writeStringField("clientId", letter.clientId());
        g.writeNumberField("seq", letter.seq());
        g.writeStringField("reason", letter.reason().code());
        g.writeNumberField("attempts", letter.attempts());
        g.writeNumberField("firstFailureMillis", letter.firstFailureMillis());
        g.writeNumberField("lastFailureMillis", letter.lastFailureMillis());
        g.writeStringField("lastError", letter.lastError());
        g.writeBooleanField("redriven", letter.redriven());
        g.writeNumberField("redrivenMillis", letter.redrivenMillis());
    }

    private static String label(final String name)
    {
        return name + ":" + " ".repeat(DETAIL_LABEL_WIDTH - name.length() - 1);
    }

    /** "page 1 of 3, 57 dead letters, newest first; next: --page 2". */
    static String footer(final DeadLetterPage page)
    {
        final long pages = pages(page);
        final StringBuilder sb = new StringBuilder()
            .append("page ").append(page.page() + 1).append(" of ").append(pages).append(", ")
            .append(countText(page.total())).append(", newest first");
        if (page.hasNext())
        {
            sb.append("; next: --page ").append(page.page() + 2);
        }
        return sb.toString();
    }

    private static long pages(final DeadLetterPage page)
    {
        return Math.max(1, (page.total() + page.pageSize() - 1) / page.pageSize());
    }

    private static String countText(final long total)
    {
        return total + (total == 1 ? " dead letter" : " dead letters");
    }

    // a table row must stay one line: control characters (newlines in error texts) become spaces
    static String printable(final String text)
    {
        return printable(text, false);
    }

    private static String printable(final String text, final boolean keepNewlines)
    {
        final StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            sb.append(c == '\n' && keepNewlines ? c : Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString();
    }

    static String abbreviate(final String text, final int width)
    {
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }
}
