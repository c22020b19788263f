package fi.ketju.kela;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.mapping.MappingTestSupport;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Mapping micro-benchmark (mvn -Pbench verify): the canonical referral to the X-Road SOAP request Kela gets
 * (XSLT 3.0 with Saxon-HE), checked against Kela's XSD as every outbound message is. One thread: the score is
 * messages per second per core.
 */
@State(Scope.Thread)
public class CanonicalToKelaBenchmark {

    private static final PartnerDirectory.Partner KELA = new PartnerDirectory.Partner(
            URI.create("http://localhost/kela"), PartnerDirectory.Format.KELA, null, List.of());

    private KelaRecipientFormat kela;
    private JsonNode canonicalReferral;

    @Setup
    public void load() throws Exception {
        ObjectMapper json = new ObjectMapper();
        kela = new KelaRecipientFormat(json, MappingTestSupport.xmlSchemas(true),
                MappingTestSupport.translations(), new XRoadSettings(
                        new XRoadSettings.XRoadIdentifier("FI", "GOV", "1234567-1", "ketju", null),
                        new XRoadSettings.XRoadIdentifier("FI", "GOV", "0246246-0", "ketju", "v1")));
        ObjectNode referral = (ObjectNode) json.readTree(Path.of("mappings/canonical/samples/referral.json").toFile());
        ((ObjectNode) referral.path("payload")).put("service", "vocational-rehabilitation");
        canonicalReferral = referral;
    }

    @Benchmark
    public String canonicalToKelaXml() {
        return kela.translate(MappingTestSupport.mappingSet(), canonicalReferral, "kela/referral-from-canonical.xsl", KELA, "kela").body();
    }
}
