package fi.ketju.audit;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What the Client Data Act (703/2023) lets a client ask: every recipient that received data about them, when,
 * which data categories, on what basis, and for what purpose. As JSON, and as a printable HTML page.
 */
@Component
public class DisclosureReport {

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("d.M.yyyy HH:mm:ss").withZone(ZoneId.of("Europe/Helsinki"));

    public record Report(String person, Instant generatedAt, List<Disclosure> disclosures) {
    }

    public record Disclosure(Instant at, String recipient, String messageType, UUID messageId, String chainId, String purpose,
            String legalBasis, List<String> dataCategories, String requester) {
    }

    Report report(String person, List<AuditRecord> delivered) {
        return new Report(person, Instant.now(), delivered.stream()
                .map(e -> new Disclosure(e.occurredAt(), e.recipient(), e.messageType(), e.messageId(), e.chainId(), e.purpose(),
                        e.legalBasis(), e.dataCategories(), e.requester()))
                .toList());
    }

    /** The report as a page to print; every value is HTML-escaped. */
    String html(Report report) {
        StringBuilder rows = new StringBuilder();
        for (Disclosure d : report.disclosures()) {
            rows.append("<tr>")
                    .append(cell(LOCAL_TIME.format(d.at())))
                    .append(cell(d.recipient()))
                    .append(cell(d.messageType()))
                    .append(cell(String.join(", ", d.dataCategories())))
                    .append(cell(d.legalBasis()))
                    .append(cell(d.purpose()))
                    .append(cell(d.requester()))
                    .append(cell(d.messageId() + " (chain " + d.chainId() + ")"))
                    .append("</tr>\n");
        }
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Disclosure report</title>
                <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%%}
                th,td{border:1px solid #888;padding:4px;text-align:left;vertical-align:top;font-size:10pt}
                @media print{body{margin:0}}</style></head>
                <body><h1>Disclosure report</h1>
                <p>Personal identity code: <strong>%s</strong><br>Produced %s by Ketju from its audit trail
                (Client Data Act 703/2023: who received data about the client, when, and on what basis).</p>
                <p>%d disclosures.</p>
                <table><thead><tr><th>Time (Finnish time)</th><th>Recipient</th><th>Message</th><th>Data categories</th>
                <th>Legal basis</th><th>Purpose</th><th>Requested by</th><th>Message id</th></tr></thead>
                <tbody>
                %s</tbody></table></body></html>
                """.formatted(htmlEscape(report.person()), LOCAL_TIME.format(report.generatedAt()), report.disclosures().size(), rows);
    }

    private static String cell(String value) {
        return "<td>" + (value == null ? "" : htmlEscape(value)) + "</td>";
    }
}
