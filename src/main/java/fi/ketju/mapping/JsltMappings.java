package fi.ketju.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.JsltException;
import com.schibsted.spt.data.jslt.Parser;
import com.schibsted.spt.data.jslt.impl.FileSystemResourceResolver;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Runs the JSLT mappings under mappings/. Each file is compiled once; imports resolve against the
 * mappings directory, so a structure map can import its code maps by their path there.
 */
@Component
public class JsltMappings {

    private final Path root;
    private final Map<String, Expression> compiled = new ConcurrentHashMap<>();

    JsltMappings(MappingSettings settings) {
        this.root = settings.mappingsDir();
    }

    /** Applies the mapping at {@code path} (relative to mappings/) with the given variables. */
    public JsonNode apply(String path, JsonNode input, Map<String, JsonNode> variables) {
        Expression expression = compiled.computeIfAbsent(path, this::compile);
        try {
            return expression.apply(variables, input);
        } catch (JsltException e) {
            throw new MappingException("mapping " + path + " failed: " + e.getMessage(), e);
        }
    }

    private Expression compile(String path) {
        Path file = root.resolve(path);
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Parser(reader)
                    .withSource(path)
                    .withResourceResolver(new FileSystemResourceResolver(root))
                    .compile();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping " + file.toAbsolutePath(), e);
        } catch (JsltException e) {
            throw new MappingException("mapping " + path + " does not compile: " + e.getMessage(), e);
        }
    }
}
