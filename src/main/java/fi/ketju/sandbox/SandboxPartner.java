package fi.ketju.sandbox;

import java.util.Arrays;
import java.util.Optional;

/** The simulated partner families, each named as in the sandbox URLs ({@code /sandbox/{partner}/...}). */
public enum SandboxPartner {
    SOCIAL_CARE("social-care"),
    HEALTH_CARE("health-care"),
    EMPLOYMENT("employment"),
    KELA("kela");

    private final String pathName;

    SandboxPartner(String pathName) {
        this.pathName = pathName;
    }

    public String pathName() {
        return pathName;
    }

    public static Optional<SandboxPartner> fromPathName(String pathName) {
        return Arrays.stream(values()).filter(partner -> partner.pathName.equals(pathName)).findFirst();
    }
}
