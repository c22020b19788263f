package fi.ketju.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-word status a sender reads first: it must not hide a recipient that never got the message. */
class MessageStatusTest {

    @Test
    void overallStatusFollowsTheDeliveries() {
        assertThat(MessageStatus.overall(List.of())).isEqualTo(MessageStatus.Overall.ACCEPTED);
        assertThat(overall(DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED)).isEqualTo(MessageStatus.Overall.DELIVERED);
        assertThat(overall(DeliveryStatus.DELIVERED, DeliveryStatus.FAILED)).isEqualTo(MessageStatus.Overall.IN_PROGRESS);
        assertThat(overall(DeliveryStatus.DEAD, DeliveryStatus.PENDING)).isEqualTo(MessageStatus.Overall.IN_PROGRESS);
        assertThat(overall(DeliveryStatus.DELIVERED, DeliveryStatus.DEAD)).isEqualTo(MessageStatus.Overall.PARTIALLY_DELIVERED);
        assertThat(overall(DeliveryStatus.DEAD, DeliveryStatus.DEAD)).isEqualTo(MessageStatus.Overall.DEAD);
    }

    private static MessageStatus.Overall overall(DeliveryStatus... statuses) {
        return MessageStatus.overall(Arrays.stream(statuses)
                .map(s -> new MessageStatus.Delivery("r", s, 1, null, null, List.of(), null, null, null))
                .toList());
    }
}
