package fi.ketju.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** XsltMappings: parameters in, serialized result out, and nothing read at run time but the parameters. */
class XsltMappingsTest {

    private static final String SECRET = "secret-content-never-to-be-read";

    @TempDir
    Path dir;

    @Test
    void aMappingGetsItsParametersAndMayIncludeModulesUnderTheMappingsDirectory() throws IOException {
        stylesheet("lib/greeting.xsl", """
                <xsl:function name="f:greet" as="xs:string"><xsl:param name="who"/><xsl:sequence select="'hello ' || $who"/></xsl:function>""");
        stylesheet("main.xsl", """
                <xsl:include href="lib/greeting.xsl"/>
                <xsl:output method="json"/>
                <xsl:param name="name" as="xs:string"/>
                <xsl:param name="settings" as="map(*)"/>
                <xsl:param name="document" as="document-node()"/>
                <xsl:template name="xsl:initial-template">
                  <xsl:sequence select="map { 'greeting': f:greet($name), 'mode': $settings?mode, 'root': local-name($document/*) }"/>
                </xsl:template>""");

        String result = mappings().xslt("main.xsl", Map.of("name", "Kela", "settings", Map.of("mode", "test"),
                "document", document()));

        assertThat(result).contains("\"greeting\":\"hello Kela\"").contains("\"mode\":\"test\"").contains("\"root\":\"envelope\"");
    }

    @Test
    void aMappingCannotReadAFileAtRunTime() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
        Files.writeString(dir.resolve("secret.xml"), "<secret>" + SECRET + "</secret>");
        stylesheet("reads.xsl", """
                <xsl:param name="how" as="xs:string"/>
                <xsl:template name="xsl:initial-template">
                  <xsl:sequence select="if ($how = 'doc') then string(doc('%1$s.xml')) else unparsed-text('%1$s.txt')"/>
                </xsl:template>""".formatted(secret.toUri().toString().replace(".txt", "")));

        for (String how : new String[] {"doc", "unparsed-text"}) {
            assertThatThrownBy(() -> mappings().xslt("reads.xsl", Map.of("how", how)))
                    .as(how)
                    .isInstanceOf(MappingException.class)
                    .message().doesNotContain(SECRET);
        }
    }

    @Test
    void aMappingCannotIncludeAModuleOutsideTheMappingsDirectory() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("module.xsl"), wrap(""));
        Path mappingsDir = Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(mappingsDir.resolve("main.xsl"), wrap("<xsl:include href=\"../outside/module.xsl\"/>"));

        assertThatThrownBy(() -> MappingSet.of(mappingsDir).xslt("main.xsl", Map.of()))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("does not compile")
                .hasMessageContaining("outside/module.xsl");
    }

    private MappingSet mappings() {
        return MappingSet.of(dir);
    }

    private void stylesheet(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, wrap(content));
    }

    private static String wrap(String content) {
        return """
                <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:f="urn:test">
                %s
                </xsl:stylesheet>""".formatted(content);
    }

    private static Document document() {
        try {
            Document document = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().newDocument();
            document.appendChild(document.createElement("envelope"));
            return document;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
