package fi.ketju.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.JsltException;
import com.schibsted.spt.data.jslt.Parser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSLT mappings of one mapping set. Each file is compiled once; imports resolve against the same set, so a
 * structure map can import its code maps by their path under mappings/.
 */
final class JsltMappings {

    private final MappingFiles files;
    private final Map<String, Expression> compiled = new ConcurrentHashMap<>();

    JsltMappings(MappingFiles files) {
        this.files = files;
    }

    JsonNode apply(String path, JsonNode input, Map<String, JsonNode> variables) {
        Expression expression = compiled(path);
        try {
            return expression.apply(variables, input);
        } catch (JsltException e) {
            throw new MappingException("mapping " + path + " failed: " + e.getMessage(), e);
        }
    }

    Expression compiled(String path) {
        return compiled.computeIfAbsent(path, this::compile);
    }

    private Expression compile(String path) {
        try (Reader reader = files.open(path)) {
            return new Parser(reader)
                    .withSource(path)
                    .withResourceResolver(this::module)
                    .compile();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping " + path, e);
        } catch (JsltException e) {
            throw new MappingException("mapping " + path + " does not compile: " + e.getMessage(), e);
        }
    }

    private Reader module(String path) {
        try {
            return files.open(path);
        } catch (IOException e) {
            throw new JsltException("cannot read module " + path + ": " + e.getMessage());
        }
    }
}
