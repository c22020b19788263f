package fi.ketju;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.broker.QueueNames;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.message.MessageLedger;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Base of the tests that drive deliveries to the scripted partner (HubTestSupport.SCRIPTED_PARTNER_PORT): it
 * runs for the test class, and each scripted partner id the test names gets its delivery route.
 */
public abstract class ScriptedPartnerTest extends HubIntegrationTest {

    protected static ScriptedPartner partner;

    @Autowired protected CamelContext camel;
    @Autowired protected ProducerTemplate producer;
    @Autowired protected ConsumerTemplate consumer;
    @Autowired protected MessageLedger ledger;
    @Autowired protected QueueNames queues;
    @Autowired protected MappingsInForce mappings;
    @Autowired protected ObjectMapper json;
    protected ScriptedDeliveries deliveries;

    /** The scripted partner ids (configured in HubTestSupport) whose delivery routes the test uses. */
    protected abstract List<String> scriptedPartners();

    @BeforeAll
    static void startPartner() {
        partner = new ScriptedPartner(HubTestSupport.SCRIPTED_PARTNER_PORT);
    }

    @AfterAll
    static void stopPartner() {
        partner.close();
    }

    @BeforeEach
    void deliveryRoutesForTheScriptedPartners() throws Exception {
        deliveries = new ScriptedDeliveries(camel, producer, ledger, queues, json);
        deliveries.startRoutes(scriptedPartners().toArray(String[]::new));
    }
}
