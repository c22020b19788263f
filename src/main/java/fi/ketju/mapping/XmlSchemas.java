package fi.ketju.mapping;

import fi.ketju.identity.BusinessId;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.sax.SAXResult;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.TypeInfoProvider;
import javax.xml.validation.ValidatorHandler;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.TypeInfo;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Validates XML against the XML Schemas (XSD 1.0) under mappings/, with the JDK's own validator. A schema may
 * import others beside it by relative file location. Every element whose type is one of the identifier types of
 * xml/identity.xsd gets the full identifier rules, as the JSON Schema formats fi-hetu and fi-business-id do.
 */
@Component
public class XmlSchemas {

    static final String IDENTITY_NAMESPACE = "https://ketju.fi/schema/identity";
    /** A JDK validator message starts with the constraint it names, e.g. "cvc-pattern-valid: Value ...". */
    private static final Pattern CONSTRAINT = Pattern.compile("(cvc-[\\w.-]+): (.*)", Pattern.DOTALL);

    private final Path root;
    private final boolean acceptTestCodes;
    private final Map<String, Schema> loaded = new ConcurrentHashMap<>();

    XmlSchemas(MappingSettings mappings, IdentitySettings identity) {
        this.root = mappings.mappingsDir().toAbsolutePath().normalize();
        this.acceptTestCodes = identity.acceptTestCodes();
    }

    /**
     * Every rule {@code element} breaks in the schema at {@code path} (relative to mappings/), in document order.
     * Each field is the path of the offending element from the document root in local names, e.g.
     * {@code /Envelope/Body/BenefitStatus/person/hetu}; only the first broken rule of a field is reported, as the
     * validator's further complaints about it follow from the first.
     */
    public List<SchemaViolation> validate(String path, Element element) {
        Schema schema = loaded.computeIfAbsent(path, this::load);
        ValidatorHandler validator = schema.newValidatorHandler();
        Fields fields = new Fields(pathOf(element.getParentNode()), validator.getTypeInfoProvider());
        validator.setContentHandler(fields);
        validator.setErrorHandler(fields);
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            TransformerFactory factory = TransformerFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // The element as SAX events, so that the validator reports each element's type as it goes.
            factory.newTransformer().transform(new DOMSource(element), new SAXResult(validator));
        } catch (SAXException | TransformerException e) {
            throw new IllegalStateException("cannot validate against " + path, e);
        }
        return fields.violations();
    }

    private Schema load(String path) {
        Path file = root.resolve(path).normalize();
        try {
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file"); // the schemas it imports, beside it
            return factory.newSchema(file.toFile());
        } catch (SAXException e) {
            throw new MappingException("schema " + path + " does not load: " + e.getMessage(), e);
        }
    }

    private static String pathOf(Node node) {
        StringBuilder path = new StringBuilder();
        for (Node ancestor = node; ancestor instanceof Element; ancestor = ancestor.getParentNode()) {
            path.insert(0, "/" + ancestor.getLocalName());
        }
        return path.toString();
    }

    /** Follows the validator through the elements, naming each complaint by the element it concerns. */
    private final class Fields extends DefaultHandler {

        private final Deque<String> open = new ArrayDeque<>();
        private final String parentPath;
        private final TypeInfoProvider types;
        private final StringBuilder text = new StringBuilder();
        private final Map<String, SchemaViolation> firstPerField = new LinkedHashMap<>();

        Fields(String parentPath, TypeInfoProvider types) {
            this.parentPath = parentPath;
            this.types = types;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            open.push(current() + "/" + localName);
            text.setLength(0);
        }

        @Override
        public void characters(char[] characters, int start, int length) {
            text.append(characters, start, length);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            identifierProblem(types.getElementTypeInfo(), text.toString()).ifPresent(this::add);
            open.pop();
            text.setLength(0);
        }

        @Override
        public void error(SAXParseException e) {
            add(e);
        }

        @Override
        public void fatalError(SAXParseException e) {
            add(e);
        }

        List<SchemaViolation> violations() {
            return new ArrayList<>(firstPerField.values());
        }

        private void add(SAXParseException e) {
            String message = String.valueOf(e.getMessage());
            Matcher constraint = CONSTRAINT.matcher(message);
            add(constraint.matches()
                    ? new SchemaViolation(current(), constraint.group(1), constraint.group(2))
                    : new SchemaViolation(current(), "xsd", message));
        }

        private void add(SchemaViolation violation) {
            firstPerField.putIfAbsent(violation.field(), violation);
        }

        private String current() {
            return open.isEmpty() ? parentPath : open.peek();
        }

        private Optional<SchemaViolation> identifierProblem(TypeInfo type, String value) {
            if (isIdentityType(type, "PersonalIdentityCode")) {
                return IdentityFormats.hetuProblem(value, acceptTestCodes).map(problem ->
                        new SchemaViolation(current(), IdentityFormats.HETU, "personal identity code: " + problem));
            }
            if (isIdentityType(type, "BusinessId")) {
                return BusinessId.problem(value).map(problem ->
                        new SchemaViolation(current(), IdentityFormats.BUSINESS_ID, "business ID " + problem));
            }
            return Optional.empty();
        }

        private static boolean isIdentityType(TypeInfo type, String name) {
            return type != null && (IDENTITY_NAMESPACE.equals(type.getTypeNamespace()) && name.equals(type.getTypeName())
                    || type.isDerivedFrom(IDENTITY_NAMESPACE, name, TypeInfo.DERIVATION_RESTRICTION));
        }
    }
}
