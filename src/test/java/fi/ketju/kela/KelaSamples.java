package fi.ketju.kela;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/** Kela's sample request, mappings/kela/samples/benefit-status.xml, fresh for every test to change. */
final class KelaSamples {

    /** Ketju's Kela service (mappings/kela/messages.xsd). */
    static final String KELA_NAMESPACE = "https://ketju.fi/xroad/kela/v1";

    private static final Path BENEFIT_STATUS = Path.of("mappings/kela/samples/benefit-status.xml");

    private KelaSamples() {
    }

    static String benefitStatusText() {
        try {
            return Files.readString(BENEFIT_STATUS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Document benefitStatus() throws SAXException {
        try {
            return HardenedXml.parse(Files.readAllBytes(BENEFIT_STATUS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first element of Ketju's Kela service namespace with this local name. */
    static Element kelaElement(Document document, String localName) {
        return (Element) document.getElementsByTagNameNS(KELA_NAMESPACE, localName).item(0);
    }
}
