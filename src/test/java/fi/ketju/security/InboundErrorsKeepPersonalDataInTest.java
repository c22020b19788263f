package fi.ketju.security;

import static fi.ketju.HubTestSupport.post;
import static fi.ketju.HubTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.HubIntegrationTest;
import fi.ketju.HubTestSupport;
import fi.ketju.LogCapture;
import fi.ketju.audit.AuditDatabaseScan;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 14, inbound: a message refused at a door because of a value that is personal data (an identity code, a name)
 * leaves that value nowhere in the hub. Each broken message below puts a valid test identity code or a name exactly
 * where a parser, a validator or a mapping would quote it back: JSON broken at the value, a JSON Schema, FHIR or XSD
 * rule broken by it, an element named after it, a wrong check character. For each, while the hub handles it: no log
 * event (message, arguments, logging context, exceptions with their causes and stack traces) and nothing the hub writes
 * to standard out or error holds the value; no column of the database holds it; nothing was stored; and the sender
 * still learns what is wrong (status, field, rule) in its family's format, but without its value being quoted back.
 */
public class InboundErrorsKeepPersonalDataInTest extends HubIntegrationTest {

    /** Valid codes of the test series (domain.md), one from the 1900s and one from the 2000s. */
    static final String HETU = "010181-900C";
    static final String HETU_2000S = "020516C903K";
    /** The first with a wrong check character: still the person's code but for one character. */
    static final String HETU_WRONG_CHECK = "010181-900D";
    static final String NAME = "Meikäläinen";
    static final String ASCII_NAME = "Virtanen";

    private static final String SOCIAL_CARE = "/api/v1/social-care/messages";
    private static final String EMPLOYMENT = "/api/v1/employment/messages";
    private static final String FHIR = "/fhir/$process-message?async=true";
    private static final String KELA = "/xroad/kela";

    /**
     * A broken message: where it goes, what it is, the status and the field and rule the answer must name, and the
     * values that must be found nowhere.
     */
    public record Broken(String name, String door, String token, String contentType, String body, int status, String field,
            String rule, List<String> secrets) {

        @Override
        public String toString() {
            return name;
        }
    }

    @Autowired
    JdbcClient jdbc;

    static Stream<Broken> brokenMessages() {
        List<Broken> cases = new ArrayList<>();
        // Social care: JSON broken at the value, schema rules broken by it, a key named after it.
        cases.add(socialCare("JSON: an unquoted identity code", json -> json.replace("\"" + HETU + "\"", HETU),
                "/", "json-syntax"));
        cases.add(socialCare("JSON: an unquoted name", json -> json.replace("\"Asiakas\"", NAME), "/", "json-syntax"));
        cases.add(socialCare("JSON: an unquoted ASCII name", json -> json.replace("\"Asiakas\"", ASCII_NAME), "/", "json-syntax"));
        cases.add(socialCare("JSON: a name as an unterminated string", json -> json.replace("\"Asiakas\",", "\"" + NAME + ",")
                .substring(0, json.indexOf("\"municipality_code\"")), "/", "json-syntax"));
        cases.add(socialCare("JSON: the identity code twice", json -> json.replace("\"hetu\": \"" + HETU + "\"",
                "\"hetu\": \"" + HETU + "\", \"hetu\": \"" + HETU_2000S + "\""), "/", "json-syntax"));
        cases.add(socialCare("schema: a wrong check character", json -> json.replace(HETU, HETU_WRONG_CHECK),
                "/client/hetu", "format"));
        cases.add(socialCare("schema: an identity code breaking a pattern", json -> json.replace("\"837\"", "\"" + HETU_2000S + "\""),
                "/client/municipality_code", "pattern"));
        cases.add(socialCare("schema: a name breaking an enum", json -> json.replace("\"kiireeton\"", "\"" + NAME + "\""),
                "/referral/urgency", "enum"));
        cases.add(socialCare("schema: an identity code breaking a date-time format", json -> json.replace(
                "\"2026-11-23T09:15:00+02:00\"", "\"" + HETU_2000S + "\""), "/sent_at", "format"));
        cases.add(socialCare("schema: an identity code breaking a type", json -> json.replace("\"interpreter_needed\": false",
                "\"interpreter_needed\": \"" + HETU_2000S + "\""), "/client/interpreter_needed", "type"));
        cases.add(socialCare("schema: a name too long", json -> json.replace("\"Asiakas\"", "\"" + (NAME + " ").repeat(20) + "\""),
                "/client/last_name", "maxLength"));
        cases.add(socialCare("schema: a key named after the identity code", json -> json.replace("\"client\": {",
                "\"client\": { \"" + HETU_2000S + "\": \"" + NAME + "\","), "/client", "additionalProperties"));
        cases.add(socialCare("schema: a key named after a name", json -> json.replace("\"client\": {",
                "\"client\": { \"" + NAME + "\": \"" + HETU_2000S + "\","), "/client", "additionalProperties"));
        // Employment: the same families of fault in Finnish field names.
        cases.add(employment("JSON: an unquoted identity code", json -> json.replace("\"150390-912R\"", HETU_2000S),
                "/", "json-syntax"));
        cases.add(employment("schema: an identity code in place of the time", json -> json.replace(
                "\"2026-11-23T09:10:00+02:00\"", "\"" + HETU + "\""), "/luontiaika", "format"));
        cases.add(employment("schema: a wrong check character", json -> json.replace("150390-912R", HETU_WRONG_CHECK),
                "/asiakas/henkilotunnus", "format"));
        cases.add(employment("schema: a name breaking an enum", json -> json.replace("\"KIIREETON\"", "\"" + NAME + "\""),
                "/lahete/kiireellisyys", "enum"));

        // FHIR, JSON: invalid primitives, an element named after the code, JSON broken at the value, a wrong check character.
        cases.add(fhirJson("an identity code as birthDate", json -> json.replace("\"resourceType\": \"Patient\",",
                "\"resourceType\": \"Patient\", \"birthDate\": \"" + HETU + "\","), 400, "birthDate", "ketju-strict-parse"));
        cases.add(fhirJson("an identity code as the Bundle's timestamp", json -> json.replace(
                "\"2026-11-25T10:05:00+02:00\"", "\"" + HETU_2000S + "\""), 400, "timestamp", "ketju-strict-parse"));
        cases.add(fhirJson("a name as gender", json -> json.replace("\"resourceType\": \"Patient\",",
                "\"resourceType\": \"Patient\", \"gender\": \"" + NAME + "\","), 400, "gender", "ketju-strict-parse"));
        cases.add(fhirJson("an element named after the identity code", json -> json.replace("\"resourceType\": \"Patient\",",
                "\"resourceType\": \"Patient\", \"" + HETU + "\": \"" + NAME + "\","), 400, "", "ketju-strict-parse"));
        cases.add(fhirJson("JSON: an unquoted identity code", json -> json.replace("\"" + HETU + "\"", HETU),
                400, "", "ketju-json-syntax"));
        cases.add(fhirJson("JSON: an unquoted name", json -> json.replace("\"Asiakas\"", NAME), 400, "", "ketju-json-syntax"));
        cases.add(fhirJson("a wrong check character", json -> json.replace(HETU, HETU_WRONG_CHECK),
                422, "identifier[0].value", "ketju-hetu-invalid"));
        cases.add(fhirJson("a name as a language code", json -> json.replace("\"code\": \"fi\"", "\"code\": \"" + NAME + "\""),
                422, "communication", ""));
        cases.add(fhirJson("an identity code as a telecom system", json -> json.replace("\"system\": \"phone\"",
                "\"system\": \"" + HETU_2000S + "\""), 400, "system", "ketju-strict-parse"));
        // FHIR, XML.
        cases.add(fhirXml("an identity code as birthDate", xml -> xml.replace("<Patient xmlns=\"http://hl7.org/fhir\">",
                "<Patient xmlns=\"http://hl7.org/fhir\"><birthDate value=\"" + HETU + "\"/>"), 400, "birthDate", "ketju-strict-parse"));
        cases.add(fhirXml("XML broken at the name", xml -> xml.replace("<family value=\"Asiakas\"/>", "<family value=" + NAME + "/>"),
                400, "", "ketju-strict-parse"));
        cases.add(fhirXml("XML broken at the identity code", xml -> xml.replace("<value value=\"" + HETU + "\"/>",
                "<value value=\"" + HETU + "\"></" + "v" + HETU + ">"), 400, "", "ketju-strict-parse"));
        cases.add(fhirXml("an element named after the identity code", xml -> xml.replace("<Patient xmlns=\"http://hl7.org/fhir\">",
                "<Patient xmlns=\"http://hl7.org/fhir\"><h" + HETU + " value=\"" + NAME + "\"/>"), 400, "", "ketju-strict-parse"));
        cases.add(fhirXml("a wrong check character", xml -> xml.replace(HETU, HETU_WRONG_CHECK),
                422, "identifier[0].value", "ketju-hetu-invalid"));

        // Kela, X-Road SOAP: XML broken at the value, XSD rules broken by it, an element named after it.
        cases.add(kela("XML broken at the identity code", xml -> xml.replace("<kela:hetu>" + HETU + "</kela:hetu>",
                "<kela:hetu>" + HETU + "</kela:h" + HETU + ">"), "/", "xml-well-formed"));
        cases.add(kela("XML broken at the name", xml -> xml.replace("<kela:source>Kela etuustieto</kela:source>",
                "<kela:source a=" + NAME + ">Kela etuustieto</kela:source>"), "/", "xml-well-formed"));
        cases.add(kela("XSD: an identity code breaking an enumeration", xml -> xml.replace("sairauspaivaraha", HETU_2000S),
                "/Envelope/Body/BenefitStatus/benefitType", "cvc-"));
        cases.add(kela("XSD: a name breaking an enumeration", xml -> xml.replace(">maksussa<", ">" + NAME + "<"),
                "/Envelope/Body/BenefitStatus/status", "cvc-"));
        cases.add(kela("XSD: an identity code as a date", xml -> xml.replace("2026-09-20", HETU_2000S),
                "/Envelope/Body/BenefitStatus/decisionDate", "cvc-"));
        cases.add(kela("XSD: a name as a number", xml -> xml.replace("<kela:paidDays>92", "<kela:paidDays>" + NAME),
                "/Envelope/Body/BenefitStatus/sicknessAllowance/paidDays", "cvc-"));
        cases.add(kela("XSD: a wrong check character", xml -> xml.replace(HETU, HETU_WRONG_CHECK),
                "/Envelope/Body/BenefitStatus/person/hetu", "fi-hetu"));
        cases.add(kela("XSD: an element named after the identity code", xml -> xml.replace("<kela:source>",
                "<kela:h" + HETU_2000S + ">" + NAME + "</kela:h" + HETU_2000S + "><kela:source>"), "/Envelope/Body/BenefitStatus", "cvc-"));
        cases.add(kela("X-Road: a body element named after the identity code", xml -> xml.replace("BenefitStatus", "h" + HETU_2000S),
                "/Envelope/Body", "message-type"));
        cases.add(kela("X-Road: the identity code as the protocol version", xml -> xml.replace(
                "<xrd:protocolVersion>4.0<", "<xrd:protocolVersion>" + HETU_2000S + "<"), "/Envelope/Header/protocolVersion",
                "xroad-protocol-version"));
        return cases.stream();
    }

    /** One of each kind at each door, for a second database (PostgreSqlTest): the faults that reached a column or a log. */
    public static List<Broken> representative() {
        return brokenMessages().filter(broken -> List.of(
                "social care, schema: a key named after the identity code",
                "employment, JSON: an unquoted identity code",
                "FHIR JSON, an element named after the identity code",
                "FHIR JSON, a name as a language code",
                "FHIR XML, an identity code as birthDate",
                "Kela, XSD: an identity code breaking an enumeration",
                "Kela, X-Road: a body element named after the identity code").contains(broken.name())).toList();
    }

    private static Broken socialCare(String what, UnaryOperator<String> breaking, String field, String rule) {
        return json("social care, " + what, SOCIAL_CARE, "sandbox-social-care", "social-care/samples/referral.json",
                breaking, field, rule);
    }

    private static Broken employment(String what, UnaryOperator<String> breaking, String field, String rule) {
        return json("employment, " + what, EMPLOYMENT, "sandbox-employment", "employment/samples/referral.json",
                breaking, field, rule);
    }

    private static Broken json(String name, String door, String token, String sample, UnaryOperator<String> breaking,
            String field, String rule) {
        return new Broken(name, door, token, "application/json", broken(sample, breaking), 400, field, rule, SECRETS);
    }

    private static Broken fhirJson(String what, UnaryOperator<String> breaking, int status, String field, String rule) {
        return new Broken("FHIR JSON, " + what, FHIR, "sandbox-health-care", "application/fhir+json",
                broken("fhir/samples/referral.json", breaking), status, field, rule, SECRETS);
    }

    private static Broken fhirXml(String what, UnaryOperator<String> breaking, int status, String field, String rule) {
        return new Broken("FHIR XML, " + what, FHIR, "sandbox-health-care", "application/fhir+xml",
                broken("fhir/samples/referral.xml", breaking), status, field, rule, SECRETS);
    }

    private static Broken kela(String what, UnaryOperator<String> breaking, String field, String rule) {
        return new Broken("Kela, " + what, KELA, "sandbox-kela", "text/xml; charset=UTF-8",
                broken("kela/samples/benefit-status.xml", breaking), 500, field, rule, SECRETS);
    }

    private static final List<String> SECRETS = List.of(HETU, HETU_2000S, HETU_WRONG_CHECK, NAME, ASCII_NAME);

    private static String broken(String sample, UnaryOperator<String> breaking) {
        String original = sample(sample);
        String broken = breaking.apply(original);
        assertThat(broken).as("the sample %s was changed", sample).isNotEqualTo(original);
        return broken;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenMessages")
    void aRefusedMessageLeavesItsPersonalDataNowhereAndStillSaysWhatIsWrong(Broken broken) {
        assertRefusedLeavingNothing(broken, HubTestSupport.PORT, jdbc);
    }

    /** The proof for one broken message, at the hub on {@code port} whose database {@code jdbc} reads. */
    public static void assertRefusedLeavingNothing(Broken broken, int port, JdbcClient jdbc) {
        long messages = jdbc.sql("select count(*) from message").query(Long.class).single();
        List<String> secrets = broken.secrets().stream().filter(broken.body()::contains).toList();
        assertThat(secrets).as("the broken message carries personal data").isNotEmpty();

        HttpResponse<String> answer;
        LogCapture captured = LogCapture.capture();
        try {
            answer = post(port, broken.door(), broken.token(), broken.contentType(), broken.body());
        } finally {
            captured.close();
        }

        String what = broken + " -> " + answer.statusCode() + ": " + answer.body();
        assertThat(answer.statusCode()).as(what).isEqualTo(broken.status());
        assertThat(answer.body()).as(what).contains(broken.field(), broken.rule());
        switch (broken.door()) {
            case SOCIAL_CARE, EMPLOYMENT -> assertThat(answer.body()).as(what).contains("\"errors\"");
            case FHIR -> assertThat(answer.body()).as(what).contains("OperationOutcome");
            default -> assertThat(answer.body()).as(what).contains("<faultcode>SOAP-ENV:Client</faultcode>");
        }
        assertThat(jdbc.sql("select count(*) from message").query(Long.class).single()).as("nothing stored").isEqualTo(messages);
        for (String secret : secrets) {
            assertThat(answer.body()).as("the answer does not quote the value back: " + what).doesNotContain(secret);
            assertThat(captured.lines()).as("what the hub logged or printed").noneSatisfy(line -> assertThat(line).contains(secret));
            assertThat(AuditDatabaseScan.columnsContaining(jdbc, secret)).as("columns holding " + secret).isEmpty();
        }
    }
}
