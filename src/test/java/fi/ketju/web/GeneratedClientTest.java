package fi.ketju.web;

import static fi.ketju.HubTestSupport.BASE;
import static fi.ketju.HubTestSupport.sample;
import static fi.ketju.ResendSupport.freshClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.HubIntegrationTest;
import fi.ketju.client.ApiClient;
import fi.ketju.client.ApiException;
import fi.ketju.client.ApiResponse;
import fi.ketju.client.api.PartnersApi;
import fi.ketju.client.model.AcceptedMessage;
import fi.ketju.client.model.Delivery;
import fi.ketju.client.model.EmploymentMessage;
import fi.ketju.client.model.MessageStatus;
import fi.ketju.client.model.Problem;
import fi.ketju.client.model.ProblemErrorsInner;
import fi.ketju.client.model.SocialCareMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A partner's developer on day one: a Java client generated from the committed OpenAPI document (openapi-generator,
 * java/native, at generate-test-sources), the family's sample read into its typed model, sent, sent again, refused
 * when broken, and the status read back until delivered. Nothing here is written by hand against the hub's classes.
 */
class GeneratedClientTest extends HubIntegrationTest {

    /** The generated client's own mapping of JSON to its models. */
    private static final ObjectMapper JSON = ApiClient.createDefaultObjectMapper();

    @Test
    void socialCareSendsItsSampleThroughTheGeneratedClientAndFollowsItToDelivery() throws Exception {
        PartnersApi socialCare = partner("sandbox-social-care");
        SocialCareMessage referral = JSON.readValue(sample("social-care/samples/referral.json"), SocialCareMessage.class);
        // The client as in the sample: its schema's "exactly one of hetu or temporary_id" (a oneOf) is generated as an
        // untyped wrapper, which the sample's value passes through unchanged.
        referral.setMessageId("client-" + UUID.randomUUID());

        AcceptedMessage accepted = sendAndResend(() -> socialCare.sendSocialCareMessageWithHttpInfo(referral, null));

        awaitDelivered(socialCare, accepted, "social-care", referral.getMessageId());
    }

    @Test
    void employmentServicesSendTheirSampleThroughTheGeneratedClientAndFollowItToDelivery() throws Exception {
        PartnersApi employment = partner("sandbox-employment");
        EmploymentMessage referral = JSON.readValue(sample("employment/samples/referral.json"), EmploymentMessage.class);
        referral.setViestiId("client-" + UUID.randomUUID());
        referral.getAsiakas().setHenkilotunnus(freshClient());

        AcceptedMessage accepted = sendAndResend(() -> employment.sendEmploymentMessageWithHttpInfo(referral, null));

        awaitDelivered(employment, accepted, "employment", referral.getViestiId());
    }

    /** A refusal reaches the client as the documented problem, readable with the generated model. */
    @Test
    void aBrokenSampleIsRefusedWithAProblemTheGeneratedModelReads() throws Exception {
        PartnersApi socialCare = partner("sandbox-social-care");
        SocialCareMessage referral = JSON.readValue(sample("social-care/samples/referral.json"), SocialCareMessage.class);
        referral.setMessageId("client-" + UUID.randomUUID());
        referral.getSender().setBusinessId("1234567-2");

        ApiException refused = catchThrowableOfType(ApiException.class, () -> socialCare.sendSocialCareMessage(referral, null));

        assertThat(refused.getCode()).isEqualTo(400);
        Problem problem = JSON.readValue(refused.getResponseBody(), Problem.class);
        assertThat(problem.getErrors()).extracting(ProblemErrorsInner::getField, ProblemErrorsInner::getRule)
                .contains(tuple("/sender/business_id", "format"));
    }

    private interface Send {
        ApiResponse<AcceptedMessage> send() throws ApiException;
    }

    /** 202 with Location on the first send; the same answer with 200 and duplicate on the resend. */
    private static AcceptedMessage sendAndResend(Send send) throws ApiException {
        ApiResponse<AcceptedMessage> first = send.send();
        assertThat(first.getStatusCode()).isEqualTo(202);
        AcceptedMessage accepted = first.getData();
        assertThat(accepted.getDuplicate()).isFalse();
        assertThat(first.getHeaders().get("location")).containsExactly(accepted.getStatus().toString());

        ApiResponse<AcceptedMessage> again = send.send();
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(again.getData().getMessageId()).isEqualTo(accepted.getMessageId());
        assertThat(again.getData().getDuplicate()).isTrue();
        return accepted;
    }

    /** The status as the sender reads it: its own message, delivered to every recipient. */
    private static void awaitDelivered(PartnersApi partner, AcceptedMessage accepted, String sender, String senderMessageId)
            throws ApiException {
        await().atMost(Duration.ofSeconds(30)).until(() -> partner.getMessageStatus(accepted.getMessageId()).getStatus(),
                MessageStatus.StatusEnum.DELIVERED::equals);
        MessageStatus status = partner.getMessageStatus(accepted.getMessageId());
        assertThat(status.getSender()).isEqualTo(sender);
        assertThat(status.getSenderMessageId()).isEqualTo(senderMessageId);
        List<Delivery> deliveries = status.getDeliveries();
        assertThat(deliveries).isNotEmpty().allSatisfy(d -> assertThat(d.getStatus()).isEqualTo(Delivery.StatusEnum.DELIVERED));
        System.out.printf("generated client, %s: %s -> %s, deliveries %s%n", sender, senderMessageId, status.getStatus(),
                deliveries.stream().map(d -> d.getRecipient() + " " + d.getStatus()).toList());
    }

    private static PartnersApi partner(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(BASE);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return new PartnersApi(client);
    }
}
