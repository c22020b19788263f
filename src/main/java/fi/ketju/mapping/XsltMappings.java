package fi.ketju.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.lib.Feature;
import net.sf.saxon.lib.ResourceRequest;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.Xslt30Transformer;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.s9api.XdmAtomicValue;
import net.sf.saxon.s9api.XdmMap;
import net.sf.saxon.s9api.XdmValue;
import net.sf.saxon.trans.XPathException;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;

/**
 * Runs the XSLT 3.0 mappings under mappings/ on Saxon-HE. Each stylesheet is compiled once. A mapping is a
 * function of its parameters: Saxon calls its initial template ({@code xsl:initial-template}) with them as
 * stylesheet parameters, and the stylesheet's {@code xsl:output} decides how the result is written (xml, json).
 *
 * <p>Running a mapping reads nothing: Saxon may fetch no resource by any protocol, so neither a mapping nor a
 * document given to it can read a file or URL (doc(), document(), unparsed-text(), collection()). Only
 * compiling reads, and only stylesheet modules under mappings/ (xsl:include, xsl:import).
 */
@Component
public class XsltMappings {

    private final Path root;
    private final Processor processor;
    private final Map<String, XsltExecutable> compiled = new ConcurrentHashMap<>();

    XsltMappings(MappingSettings settings) {
        this.root = settings.mappingsDir().toAbsolutePath().normalize();
        this.processor = new Processor(false);
        processor.setConfigurationProperty(Feature.ALLOWED_PROTOCOLS, "");
    }

    /**
     * Applies the mapping at {@code path} (relative to mappings/) and returns its serialized result.
     *
     * @param parameters the stylesheet parameters by name: a String (xs:string), a Map of strings (an XPath map)
     *                   or a DOM Document (a document node)
     */
    public String apply(String path, Map<String, ?> parameters) {
        XsltExecutable executable = compiled.computeIfAbsent(path, this::compile);
        Xslt30Transformer transformer = executable.load30();
        StringWriter result = new StringWriter();
        try {
            transformer.setStylesheetParameters(xdm(parameters));
            transformer.callTemplate(null, transformer.newSerializer(result));
        } catch (SaxonApiException e) {
            throw new MappingException("mapping " + path + " failed: " + e.getMessage(), e);
        }
        return result.toString();
    }

    private XsltExecutable compile(String path) {
        Path file = root.resolve(path).normalize();
        XsltCompiler compiler = processor.newXsltCompiler();
        compiler.setResourceResolver(this::stylesheetModule);
        List<String> errors = new ArrayList<>();
        compiler.setErrorReporter(error -> {
            if (!error.isWarning()) {
                errors.add(error.getMessage());
            }
        });
        try (InputStream stylesheet = Files.newInputStream(file)) {
            return compiler.compile(new StreamSource(stylesheet, file.toUri().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping " + file, e);
        } catch (SaxonApiException e) {
            throw new MappingException("mapping " + path + " does not compile: "
                    + (errors.isEmpty() ? e.getMessage() : String.join("; ", errors)), e);
        }
    }

    /** The one kind of resource Saxon is given: a stylesheet module under mappings/, opened here, not fetched. */
    private Source stylesheetModule(ResourceRequest request) throws XPathException {
        Path file = request.uri.startsWith("file:") ? Path.of(URI.create(request.uri)).normalize() : null;
        if (!ResourceRequest.XSLT_NATURE.equals(request.nature) || file == null || !file.startsWith(root)) {
            throw new XPathException("a mapping may include only stylesheet modules under " + root + ", not " + request.uri);
        }
        try {
            return new StreamSource(Files.newInputStream(file), request.uri);
        } catch (IOException e) {
            throw new XPathException("cannot read stylesheet module " + file + ": " + e.getMessage());
        }
    }

    private Map<QName, XdmValue> xdm(Map<String, ?> parameters) throws SaxonApiException {
        Map<QName, XdmValue> values = new HashMap<>();
        for (Map.Entry<String, ?> parameter : parameters.entrySet()) {
            values.put(new QName(parameter.getKey()), xdm(parameter.getKey(), parameter.getValue()));
        }
        return values;
    }

    private XdmValue xdm(String name, Object value) throws SaxonApiException {
        if (value instanceof String text) {
            return new XdmAtomicValue(text);
        }
        if (value instanceof Map<?, ?> map) {
            return XdmMap.makeMap(map);
        }
        if (value instanceof Document document) {
            return processor.newDocumentBuilder().build(new DOMSource(document));
        }
        throw new IllegalArgumentException("mapping parameter " + name + " must be a String, a Map or a DOM Document");
    }
}
