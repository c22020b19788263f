package fi.ketju.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.mapping.MappingException;
import fi.ketju.mapping.MappingSet;
import fi.ketju.mapping.MappingTestSupport;
import java.time.Duration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** A partner's valid message that the family's mapping cannot read is refused as such, not answered with a 500. */
class JsonIntakeTest {

    @Test
    void validInputTheMappingCannotReadIsRefusedNamingTheRule(@TempDir Path mappings) throws IOException {
        Path mapping = Files.createDirectories(mappings.resolve("social-care")).resolve("referral-to-canonical.jslt");
        Files.writeString(mapping, "error(\"no reading of this message\")");
        JsonIntake intake = new JsonIntake(new DoorJson(new ObjectMapper(), new IntakeSettings(1_000_000, 64, 100_000, 100, Duration.ofSeconds(5))),
                MappingTestSupport.schemas(true), null, MappingTestSupport.translations(), null);
        byte[] sample = Files.readAllBytes(Path.of("mappings/social-care/samples/referral.json"));

        assertThatThrownBy(() -> intake.toCanonical(MappingSet.of(mappings), "social-care", "referral.json", sample))
                .isInstanceOfSatisfying(InvalidMessageException.class, refused -> assertThat(refused.violations())
                        .singleElement().satisfies(violation -> {
                            assertThat(violation.rule()).isEqualTo("mapping");
                            assertThat(violation.detail()).contains("no reading of this message");
                        }));
    }

    /**
     * Issue 14: a mapping's error that quotes the message (its own error() text, JSLT's or Saxon's words about a value
     * they could not convert, an xsl:message) reaches neither the refusal nor standard error.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"error(.client.hetu)", "error(\"no reading of \" + .client.last_name)",
            "number(.client.last_name)", "number(.client.hetu)"})
    void aMappingErrorQuotingTheMessageIsRefusedWithoutTheValue(String jslt, @TempDir Path mappings) throws IOException {
        Files.writeString(Files.createDirectories(mappings.resolve("social-care")).resolve("referral-to-canonical.jslt"), jslt);
        byte[] sample = Files.readString(Path.of("mappings/social-care/samples/referral.json"))
                .replace("\"Asiakas\"", "\"Meikäläinen\"").getBytes(StandardCharsets.UTF_8);

        String printed = printedDuring(() -> assertThatThrownBy(() -> intake().toCanonical(MappingSet.of(mappings), "social-care",
                "referral.json", sample)).isInstanceOfSatisfying(InvalidMessageException.class, refused -> assertThat(refused.violations())
                        .singleElement().satisfies(violation -> {
                            assertThat(violation.rule()).isEqualTo("mapping");
                            assertThat(violation.detail()).contains("referral-to-canonical.jslt")
                                    .doesNotContain("010181-900C", "Meikäläinen");
                        })));
        assertThat(printed).doesNotContain("010181-900C", "Meikäläinen");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"<xsl:sequence select=\"xs:date($request//*:hetu)\"/>",
            "<xsl:sequence select=\"xs:integer($request//*:source)\"/>",
            "<xsl:sequence select=\"error(xs:QName('kela'), 'no reading of ' || $request//*:hetu)\"/>",
            "<xsl:message select=\"$request//*:hetu, $request//*:source\"/><xsl:sequence select=\"'{}'\"/>",
            "<xsl:message terminate=\"yes\" select=\"$request//*:hetu\"/>"})
    void anXsltMappingErrorQuotingTheMessageIsRefusedWithoutTheValue(String template, @TempDir Path mappings) throws Exception {
        Files.writeString(Files.createDirectories(mappings.resolve("kela")).resolve("to-canonical.xsl"), """
                <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                    xmlns:xs="http://www.w3.org/2001/XMLSchema" exclude-result-prefixes="xs">
                  <xsl:output method="text"/>
                  <xsl:param name="request"/>
                  <xsl:template name="xsl:initial-template">%s</xsl:template>
                </xsl:stylesheet>""".formatted(template));
        byte[] sample = Files.readString(Path.of("mappings/kela/samples/benefit-status.xml"))
                .replace("Kela etuustieto", "Meikäläinen").getBytes(StandardCharsets.UTF_8);
        var factory = javax.xml.parsers.DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        var request = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(sample));

        String printed = printedDuring(() -> {
            try {
                MappingSet.of(mappings).xslt("kela/to-canonical.xsl", java.util.Map.of("request", request));
            } catch (MappingException e) {
                assertThat(InvalidMessageException.unreadable("/Envelope/Body/BenefitStatus", e, sample).withoutEchoesOf(sample).violations())
                        .singleElement().satisfies(violation -> assertThat(violation.detail()).contains("to-canonical.xsl")
                                .doesNotContain("010181-900C", "Meikäläinen"));
            }
        });
        assertThat(printed).doesNotContain("010181-900C", "Meikäläinen");
    }

    private static JsonIntake intake() {
        return new JsonIntake(new DoorJson(new ObjectMapper(), new IntakeSettings(1_000_000, 64, 100_000, 100, Duration.ofSeconds(5))),
                MappingTestSupport.schemas(true), null, MappingTestSupport.translations(), null);
    }

    /** What is written to standard out and error while {@code action} runs (and still written there). */
    private static String printedDuring(Runnable action) {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        System.setOut(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        System.setErr(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        out.print(text);
        return text;
    }
}
