package fi.ketju.database;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded H2 keeps the hub's promise "in the ledger and the trail once the partner has it" as PostgreSQL does:
 * a commit returns once it is in the database file. H2 can do that for each commit itself (WRITE_DELAY=0), but then
 * every commit writes a chunk of its own to the file, whole pages of every table and index it touched: 196 KB a
 * delivery. Here the hub's commits are written in groups instead ({@link DurableH2DataSource}), and H2 keeps its
 * default write delay for the rest.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedDatabaseConfiguration {

    /** Static: a post-processor is made before the beans it post-processes. */
    @Bean
    static DurableH2DataSource durableH2DataSource(ObjectProvider<DataSourceProperties> database,
            ObjectProvider<DatabaseSettings> settings) {
        return new DurableH2DataSource(database, settings);
    }
}
