package fi.ketju.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.sf.saxon.s9api.Processor;

/**
 * One consistent set of mappings (JSLT and XSLT), compiled on first use: the repository's mappings/ with the
 * versions admins deployed laid over it. Immutable, so a message translated with one set is translated with one
 * version of every mapping and module it touches; a deploy makes a new set and puts it in force whole
 * ({@link MappingsInForce}). Each set has its own generation number, so what was proven of one set (FHIR
 * validation of its output) is never taken for another.
 */
public final class MappingSet {

    private static final AtomicLong GENERATIONS = new AtomicLong();

    private final long generation = GENERATIONS.incrementAndGet();
    private final MappingFiles files;
    private final Processor processor;
    private final JsltMappings jslt;
    private final XsltMappings xslt;

    private MappingSet(MappingFiles files, Processor processor) {
        this.files = files;
        this.processor = processor;
        this.jslt = new JsltMappings(files);
        this.xslt = new XsltMappings(files, processor);
    }

    /** The mappings as the repository's files under {@code mappingsDir} have them. */
    public static MappingSet of(Path mappingsDir) {
        return new MappingSet(new MappingFiles(mappingsDir, Map.of()), XsltMappings.processor());
    }

    /** This set with {@code changes} (content by path under mappings/) laid over it. */
    public MappingSet with(Map<String, String> changes) {
        return new MappingSet(files.with(changes), processor);
    }

    public long generation() {
        return generation;
    }

    /** Applies the JSLT mapping at {@code path} (relative to mappings/) with the given variables. */
    public JsonNode jslt(String path, JsonNode input, Map<String, JsonNode> variables) {
        return jslt.apply(path, input, variables);
    }

    /**
     * Applies the XSLT mapping at {@code path} (relative to mappings/) and returns its serialized result.
     *
     * @param parameters the stylesheet parameters by name: a String (xs:string), a Map of strings (an XPath map)
     *                   or a DOM Document (a document node)
     */
    public String xslt(String path, Map<String, ?> parameters) {
        return xslt.apply(path, parameters);
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
