package fi.ketju.audit;

import fi.ketju.HubTestSupport;
import org.junit.jupiter.api.BeforeAll;

/** The audit store on H2, the embedded default (a file database, as the hub runs it). */
class AuditStoreH2Test extends AuditStoreContract {

    @BeforeAll
    static void h2() {
        start("spring.datasource.url=jdbc:h2:file:" + HubTestSupport.DATA_DIR.resolve("audit-store-h2") + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE",
                "spring.datasource.username=ketju", "spring.datasource.password=");
    }
}
