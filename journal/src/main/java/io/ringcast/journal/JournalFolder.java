package io.ringcast.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The journal's data folder: checks that a folder is a Ringcast journal (or may become one), creates its
 * properties file atomically, and reads its epoch. Control path only; allocates freely.
 * <p>
 * Rules: a missing folder is created; an existing empty folder is initialised; a folder holding the properties
 * file of this format is opened (with or without its {@code events/} queue); anything else is refused with an
 * {@link IllegalStateException} saying "DIR is not a Ringcast journal: why".
 */
final class JournalFolder
{
    /** The properties file's name inside the journal folder. */
    static final String PROPERTIES_FILE = "ringcast-journal.properties";
    /** The Chronicle queue's folder inside the journal folder. */
    static final String EVENTS_DIR = "events";
    /** The format this code writes and reads. */
    static final String FORMAT_VERSION = "1";

    private static final String TEMP_SUFFIX = ".tmp";
    private static final String KEY_FORMAT = "format";
    private static final String KEY_EPOCH = "epoch";
    private static final String KEY_CREATED = "created";

    private final Path directory;
    private final String epoch;
    private final Instant created;

    private JournalFolder(final Path directory, final String epoch, final Instant created)
    {
        this.directory = directory;
        this.epoch = epoch;
        this.created = created;
    }

    /** Opens the folder, creating or initialising it when the rules allow. */
    static JournalFolder open(final Path directory)
    {
        final Path dir = directory.toAbsolutePath().normalize();
        try
        {
            if (Files.exists(dir) && !Files.isDirectory(dir))
            {
                throw notJournal(dir, "it is a file, not a directory");
            }
            Files.createDirectories(dir);
            final Path properties = dir.resolve(PROPERTIES_FILE);
            if (Files.isRegularFile(properties))
            {
                return read(dir, properties);
            }
            if (!isEmpty(dir))
            {
                throw notJournal(dir, "the folder is not empty and has no " + PROPERTIES_FILE);
            }
            return create(dir, properties);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open journal folder " + dir + ": " + ex.getMessage(), ex);
        }
    }

    Path directory()
    {
        return directory;
    }

    Path eventsDirectory()
    {
        return directory.resolve(EVENTS_DIR);
    }

    String epoch()
    {
        return epoch;
    }

    Instant created()
    {
        return created;
    }

    private static JournalFolder read(final Path dir, final Path file) throws IOException
    {
        final Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            p.load(in);
        }
        final String format = p.getProperty(KEY_FORMAT);
        if (!FORMAT_VERSION.equals(format))
        {
            throw notJournal(dir, PROPERTIES_FILE + " has format " + (format == null ? "(none)" : "'" + format + "'") +
                ", this version reads format " + FORMAT_VERSION);
        }
        final String epoch = p.getProperty(KEY_EPOCH);
        if (epoch == null || epoch.isBlank())
        {
            throw notJournal(dir, PROPERTIES_FILE + " has no epoch");
        }
        Instant created = null;
        try
        {
            final String text = p.getProperty(KEY_CREATED);
            created = text == null ? null : Instant.parse(text);
        }
        catch (final java.time.format.DateTimeParseException ex)
        {
            throw notJournal(dir, PROPERTIES_FILE + " has an invalid created time: " + ex.getParsedString());
        }
        return new JournalFolder(dir, epoch.trim(), created);
    }

    private static JournalFolder create(final Path dir, final Path file) throws IOException
    {
        final byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        final String epoch = HexFormat.of().formatHex(random);
        final Instant created = Instant.now();
        final Properties p = new Properties();
        p.setProperty(KEY_FORMAT, FORMAT_VERSION);
        p.setProperty(KEY_EPOCH, epoch);
        p.setProperty(KEY_CREATED, created.toString());

        // written beside its final name, then renamed: a reader never sees half a file
        final Path temp = Files.createTempFile(dir, PROPERTIES_FILE, TEMP_SUFFIX);
        try
        {
            try (OutputStream out = Files.newOutputStream(temp))
            {
                p.store(out, "Ringcast journal: do not edit; the epoch identifies this journal's history");
            }
            try
            {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temp, file);
            }
        }
        finally
        {
            Files.deleteIfExists(temp);
        }
        return new JournalFolder(dir, epoch, created);
    }

    /** Empty, or holding only what an interrupted {@link #create} left behind. */
    private static boolean isEmpty(final Path dir) throws IOException
    {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir))
        {
            for (final Path entry : entries)
            {
                final String name = entry.getFileName().toString();
                if (!(name.startsWith(PROPERTIES_FILE) && name.endsWith(TEMP_SUFFIX)))
                {
                    return false;
                }
            }
            return true;
        }
    }

    private static IllegalStateException notJournal(final Path dir, final String why)
    {
        return new IllegalStateException(dir + " is not a Ringcast journal: " + why);
    }
}
