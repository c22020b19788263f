package fi.ketju.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The printable disclosure report escapes every value it prints. */
class DisclosureReportTest {

    @Test
    void everyValueIsEscaped() {
        DisclosureReport reports = new DisclosureReport();
        AuditRecord delivered = new AuditRecord(7, Instant.parse("2026-03-01T10:00:00Z"), MessageEvent.DELIVERED,
                MessageEvent.Outcome.SUCCESS, UUID.randomUUID(), "chain-1", "referral", "social-care", "<b>kela</b>", "010181-900C",
                "social-care", null, "purpose", "<script>alert(1)</script>", List.of("functioning", "a&b"), "ids", "detail", "h");

        String html = reports.html(reports.report("010181-900C", List.of(delivered)));

        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;kela&lt;/b&gt;", "functioning, a&amp;b",
                "1.3.2026 12:00:00", "010181-900C", "1 disclosures");
        assertThat(html).doesNotContain("<script>", "<b>kela");
    }
}
