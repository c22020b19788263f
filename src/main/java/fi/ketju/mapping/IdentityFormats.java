package fi.ketju.mapping;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import fi.ketju.identity.BusinessId;
import fi.ketju.identity.IdentityCodeCheck;
import fi.ketju.identity.PersonalIdentityCode;
import java.util.Optional;

/**
 * JSON Schema formats for Finnish identifiers, so that a schema can say {@code "format": "fi-hetu"}
 * and the validator applies the real check (domain.md, Identifiers), not a pattern.
 */
final class IdentityFormats {

    static final String HETU = "fi-hetu";
    static final String BUSINESS_ID = "fi-business-id";

    private IdentityFormats() {
    }

    /** Why a personal identity code fails the format, or empty when it passes. */
    static Optional<String> hetuProblem(String code, boolean acceptTestCodes) {
        IdentityCodeCheck check = PersonalIdentityCode.check(code);
        if (!check.valid()) {
            return Optional.of(check.problem());
        }
        if (!acceptTestCodes && check.kind() == IdentityCodeCheck.Kind.TEMPORARY) {
            return Optional.of("individual number 900-999 is a temporary or test code, refused by this installation");
        }
        return Optional.empty();
    }

    static Format hetu(boolean acceptTestCodes) {
        return new Format() {
            @Override
            public String getName() {
                return HETU;
            }

            @Override
            public boolean matches(ExecutionContext context, String value) {
                return hetuProblem(value, acceptTestCodes).isEmpty();
            }
        };
    }

    static Format businessId() {
        return new Format() {
            @Override
            public String getName() {
                return BUSINESS_ID;
            }

            @Override
            public boolean matches(ExecutionContext context, String value) {
                return BusinessId.problem(value).isEmpty();
            }
        };
    }
}
