package fi.ketju.delivery;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;

import fi.ketju.message.MessageLedger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/** A delivery's outcome carries its translation's record (TRANSLATED) into the ledger exactly when it is recorded. */
class DeliveryOutcomesTest {

    private final MessageLedger ledger = mock(MessageLedger.class);
    private final DeliveryOutcomes outcomes = new DeliveryOutcomes(ledger, null, null, null, mock(DeliveryMetrics.class));
    private final UUID messageId = UUID.randomUUID();
    private final MessageLedger.Translated translation = new MessageLedger.Translated("health care (Act 1326/2010)",
            List.of("referral"), "by fhir/referral-to-message-bundle.jslt into application/fhir+json", Instant.now());

    @Test
    void aDeliveryWhoseRecordFailedOnceRecordsItsTranslationWithTheRecordThatSucceeds() {
        Exchange exchange = translatedFor("health-care");
        doThrow(new CannotGetJdbcConnectionException("the database is away")).doNothing()
                .when(ledger).recordDelivered(eq(messageId), eq("health-care"), any(), any());

        assertThatThrownBy(() -> outcomes.delivered(exchange)).isInstanceOf(CannotGetJdbcConnectionException.class);
        // The route's error handling calls the failed step again; an outcome after that one has nothing more to record.
        outcomes.delivered(exchange);
        outcomes.delivered(exchange);

        InOrder records = inOrder(ledger);
        records.verify(ledger, times(2)).recordDelivered(eq(messageId), eq("health-care"), any(), eq(translation));
        records.verify(ledger).recordDelivered(eq(messageId), eq("health-care"), any(), eq(null));
    }

    private Exchange translatedFor(String recipient) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(DeliveryProperties.MESSAGE_ID, messageId.toString());
        exchange.setProperty(DeliveryProperties.RECIPIENT, recipient);
        exchange.setProperty(DeliveryProperties.URL, "http://partner.example/fhir");
        exchange.setProperty(DeliveryProperties.TRANSLATED, translation);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        return exchange;
    }
}
