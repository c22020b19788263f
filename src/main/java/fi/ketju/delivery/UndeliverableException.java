package fi.ketju.delivery;

import fi.ketju.message.DeliveryFailure;
import java.util.ArrayList;
import java.util.List;

/** This message can never be delivered to this recipient as it is; retrying cannot help. */
public class UndeliverableException extends DeliveryFailedException {

    public UndeliverableException(DeliveryFailure failure, String detail) {
        super(failure, detail);
    }

    /** The mapping (or the setting that names it) could not make the recipient's message. */
    public static UndeliverableException mapping(String mapping, String detail) {
        return new UndeliverableException(DeliveryFailure.of(DeliveryFailure.Kind.MAPPING, mapping), detail);
    }

    /**
     * What {@code mapping} made breaks the recipient format's schema or rules: {@code brokenRules} name where and
     * which rule ("/subject/hetu pattern"), never a value; {@code detail} says it all, values too.
     */
    public static UndeliverableException invalidOutput(String mapping, List<String> brokenRules, String detail) {
        List<String> codes = new ArrayList<>();
        codes.add(mapping);
        codes.addAll(brokenRules);
        return new UndeliverableException(DeliveryFailure.of(DeliveryFailure.Kind.VALIDATION, null, codes), detail);
    }
}
