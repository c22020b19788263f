package fi.ketju.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import net.sf.saxon.s9api.Processor;

/**
 * One consistent set of mappings (JSLT and XSLT), compiled on first use: the repository's mappings/ with the
 * versions admins deployed laid over it. Immutable, so a message translated with one set is translated with one
 * version of every mapping and module it touches; a deploy makes a new set and puts it in force whole
 * ({@link MappingsInForce}). Each set has its own generation number, so what was proven of one set (FHIR
 * validation of its output) is never taken for another. Each translation is timed per mapping and outcome
 * ({@value #TRANSLATIONS}), the figures an admin sees of a mapping in force.
 */
public final class MappingSet {

    /** Translations by mapping (path) and outcome (success, failure), and the time each took. */
    public static final String TRANSLATIONS = "ketju.mapping.translations";
    private static final AtomicLong GENERATIONS = new AtomicLong();

    private final long generation;
    private final MappingFiles files;
    private final Processor processor;
    private final TranslationTimers timers;
    private final JsltMappings jslt;
    private final XsltMappings xslt;

    private MappingSet(MappingFiles files, Processor processor, TranslationTimers timers) {
        this.generation = GENERATIONS.incrementAndGet();
        this.files = files;
        this.processor = processor;
        this.timers = timers;
        this.jslt = new JsltMappings(files);
        this.xslt = new XsltMappings(files, processor);
    }

    private MappingSet(MappingSet set, TranslationTimers timers) {
        this.generation = set.generation;
        this.files = set.files;
        this.processor = set.processor;
        this.timers = timers;
        this.jslt = set.jslt;
        this.xslt = set.xslt;
    }

    /** The mappings as the repository's files under {@code mappingsDir} have them, timed into {@code registry}. */
    public static MappingSet of(Path mappingsDir, MeterRegistry registry) {
        return new MappingSet(new MappingFiles(mappingsDir, Map.of()), XsltMappings.processor(), new TranslationTimers(registry));
    }

    /** The same, untimed. */
    public static MappingSet of(Path mappingsDir) {
        return new MappingSet(new MappingFiles(mappingsDir, Map.of()), XsltMappings.processor(), TranslationTimers.none());
    }

    /** This set with {@code changes} (content by path under mappings/) laid over it. */
    public MappingSet with(Map<String, String> changes) {
        return new MappingSet(files.with(changes), processor, timers);
    }

    /** This set, its translations left out of the figures: for an admin's dry run. */
    public MappingSet untimed() {
        return new MappingSet(this, TranslationTimers.none());
    }

    public long generation() {
        return generation;
    }

    /** Applies the JSLT mapping at {@code path} (relative to mappings/) with the given variables. */
    public JsonNode jslt(String path, JsonNode input, Map<String, JsonNode> variables) {
        return timed(path, () -> jslt.apply(path, input, variables));
    }

    /**
     * Applies the XSLT mapping at {@code path} (relative to mappings/) and returns its serialized result.
     *
     * @param parameters the stylesheet parameters by name: a String (xs:string), a Map of strings (an XPath map)
     *                   or a DOM Document (a document node)
     */
    public String xslt(String path, Map<String, ?> parameters) {
        return timed(path, () -> xslt.apply(path, parameters));
    }

    private <T> T timed(String path, Supplier<T> translation) {
        long started = System.nanoTime();
        boolean success = false;
        try {
            T result = translation.get();
            success = true;
            return result;
        } finally {
            timers.timer(path, success).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** The content of the files directly in {@code folder} whose names end with {@code suffix}, by id, as this set has them. */
    public Map<String, String> read(String folder, String suffix) {
        Map<String, String> contents = new TreeMap<>();
        for (String id : files.ids(folder, suffix)) {
            try (Reader reader = files.open(id)) {
                StringWriter content = new StringWriter();
                reader.transferTo(content);
                contents.put(id, content.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read mapping " + id, e);
            }
        }
        return contents;
    }

    /**
     * Compiles the mapping at {@code path} with every module it imports, as this set has them.
     *
     * @throws MappingException naming the file, line and rule if it does not compile
     */
    public void compile(String path) {
        if (path.endsWith(".jslt")) {
            jslt.compiled(path);
        } else {
            xslt.compiled(path);
        }
    }
}
