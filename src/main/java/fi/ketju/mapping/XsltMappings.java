package fi.ketju.mapping;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.w3c.dom.Document;

/**
 * The XSLT 3.0 mappings of one mapping set, on Saxon-HE. Each stylesheet is compiled once. A mapping is a
 * function of its parameters: Saxon calls its initial template ({@code xsl:initial-template}) with them as
 * stylesheet parameters, and the stylesheet's {@code xsl:output} decides how the result is written (xml, json).
 *
 * <p>Running a mapping reads nothing: Saxon may fetch no resource by any protocol, so neither a mapping nor a
 * document given to it can read a file or URL (doc(), document(), unparsed-text(), collection()). Only
 * compiling reads, and only stylesheet modules of the same set (xsl:include, xsl:import).
 */
final class XsltMappings {

    private final MappingFiles files;
    private final Processor processor;
    private final Map<String, XsltExecutable> compiled = new ConcurrentHashMap<>();

    XsltMappings(MappingFiles files, Processor processor) {
        this.files = files;
        this.processor = processor;
    }

    /** The one Saxon processor mapping sets share: it may fetch nothing by any protocol. */
    static Processor processor() {
        Processor processor = new Processor(false);
        processor.setConfigurationProperty(Feature.ALLOWED_PROTOCOLS, "");
        return processor;
    }

    /**
     * Applies the mapping at {@code path} (relative to mappings/) and returns its serialized result.
     *
     * @param parameters the stylesheet parameters by name: a String (xs:string), a Map of strings (an XPath map)
     *                   or a DOM Document (a document node)
     */
    String apply(String path, Map<String, ?> parameters) {
        Xslt30Transformer transformer = compiled(path).load30();
        // Saxon's defaults print an xsl:message and each error, quoting the values it was given (a message's
        // identity code), to standard error, where they would become log lines (issue 14). A failure still throws.
        transformer.setMessageHandler(message -> { });
        transformer.setErrorReporter(error -> { });
        StringWriter result = new StringWriter();
        try {
            transformer.setStylesheetParameters(xdm(parameters));
            transformer.callTemplate(null, transformer.newSerializer(result));
        } catch (SaxonApiException e) {
            throw new MappingException("mapping " + path + " failed: " + e.getMessage(), e);
        }
        return result.toString();
    }

    XsltExecutable compiled(String path) {
        return compiled.computeIfAbsent(path, this::compile);
    }

    private XsltExecutable compile(String path) {
        Path file = files.root().resolve(path).normalize();
        XsltCompiler compiler = processor.newXsltCompiler();
        compiler.setResourceResolver(this::stylesheetModule);
        List<String> errors = new ArrayList<>();
        compiler.setErrorReporter(error -> {
            if (!error.isWarning()) {
                errors.add(error.getMessage());
            }
        });
        try (Reader stylesheet = files.open(path)) {
            return compiler.compile(new StreamSource(stylesheet, file.toUri().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping " + file, e);
        } catch (SaxonApiException e) {
            throw new MappingException("mapping " + path + " does not compile: "
                    + (errors.isEmpty() ? e.getMessage() : String.join("; ", errors)), e);
        }
    }

    /** The one kind of resource Saxon is given: a stylesheet module of the set, opened here, not fetched. */
    private Source stylesheetModule(ResourceRequest request) throws XPathException {
        Optional<String> id = request.uri.startsWith("file:") ? files.idOf(Path.of(URI.create(request.uri))) : Optional.empty();
        if (!ResourceRequest.XSLT_NATURE.equals(request.nature) || id.isEmpty()) {
            throw new XPathException("a mapping may include only stylesheet modules under " + files.root() + ", not " + request.uri);
        }
        try {
            return new StreamSource(files.open(id.get()), request.uri);
        } catch (IOException e) {
            throw new XPathException("cannot read stylesheet module " + id.get() + ": " + e.getMessage());
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
