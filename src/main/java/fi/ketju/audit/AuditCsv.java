package fi.ketju.audit;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The trail as CSV (RFC 4180): one line per event, the columns of the JSON search. */
final class AuditCsv {

    private static final String HEADER = "id,occurredAt,eventType,outcome,messageId,chainId,messageType,partner,recipient,"
            + "person,requester,requesterUser,purpose,legalBasis,dataCategories,dataIds,detail,hash";

    private AuditCsv() {
    }

    static String of(List<AuditRecord> events) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (AuditRecord e : events) {
            csv.append(Stream.of(e.id(), e.occurredAt(), e.eventType(), e.outcome(), e.messageId(), e.chainId(), e.messageType(),
                            e.partner(), e.recipient(), e.person(), e.requester(), e.requesterUser(), e.purpose(), e.legalBasis(),
                            String.join(",", e.dataCategories()), e.dataIds(), e.detail(), e.hash())
                    .map(AuditCsv::field)
                    .collect(Collectors.joining(",")))
                    .append("\r\n");
        }
        return csv.toString();
    }

    /** Quoted when it must be; a leading =, +, - or @ is prefixed with ' so that a spreadsheet does not run it. */
    private static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        boolean quote = text.chars().anyMatch(c -> c == '"' || c == ',' || c == '\r' || c == '\n' || c == '\'');
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
