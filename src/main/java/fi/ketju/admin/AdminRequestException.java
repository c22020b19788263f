package fi.ketju.admin;

import org.springframework.http.HttpStatus;

/** An admin request the hub refuses, answered as problem+json naming the field and the rule. */
class AdminRequestException extends RuntimeException {

    private final HttpStatus status;
    private final String field;
    private final String rule;

    private AdminRequestException(HttpStatus status, String field, String rule, String detail) {
        super(detail);
        this.status = status;
        this.field = field;
        this.rule = rule;
    }

    static AdminRequestException notFound(String field, String rule, String detail) {
        return new AdminRequestException(HttpStatus.NOT_FOUND, field, rule, detail);
    }

    static AdminRequestException invalid(String field, String rule, String detail) {
        return new AdminRequestException(HttpStatus.BAD_REQUEST, field, rule, detail);
    }

    HttpStatus status() {
        return status;
    }

    String field() {
        return field;
    }

    String rule() {
        return rule;
    }
}
