package fi.ketju.database;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;

/**
 * Puts the hub's DataSource, when it is an H2 keeping its data in a file, behind {@link H2GroupCommits}, and counts
 * the commits and the writes that made them durable (ketju_database_commits_written_total, ketju_database_writes_total).
 */
final class DurableH2DataSource implements DestructionAwareBeanPostProcessor, MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(DurableH2DataSource.class);
    private static final String HUB_DATA_SOURCE = "dataSource";

    private final ObjectProvider<DataSourceProperties> database;
    private final ObjectProvider<DatabaseSettings> settings;
    private volatile H2GroupCommits groupCommits;

    DurableH2DataSource(ObjectProvider<DataSourceProperties> database, ObjectProvider<DatabaseSettings> settings) {
        this.database = database;
        this.settings = settings;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        if (!(bean instanceof DataSource pool) || !HUB_DATA_SOURCE.equals(name)) {
            return bean;
        }
        DataSourceProperties properties = database.getObject();
        if (!H2GroupCommits.needed(properties.determineUrl())) {
            return bean;
        }
        H2GroupCommits commits = new H2GroupCommits(properties.determineUrl(), properties.determineUsername(),
                properties.determinePassword(), settings.getObject().groupCommitSpacing());
        commits.writeOnce();
        groupCommits = commits;
        return commits.durable(pool);
    }

    /** Before the pool closes: H2 closes the database with its last connection. */
    @Override
    public void postProcessBeforeDestruction(Object bean, String name) {
        H2GroupCommits commits = groupCommits;
        if (commits != null && HUB_DATA_SOURCE.equals(name)) {
            commits.close();
            log.info("The database wrote {} commits to its file in {} writes", commits.commits(), commits.writes());
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        H2GroupCommits commits = groupCommits;
        if (commits == null) {
            return;
        }
        FunctionCounter.builder("ketju.database.commits.written", commits, H2GroupCommits::commits)
                .description("Commits on the embedded H2 made durable (written to its file) before they returned")
                .register(registry);
        FunctionCounter.builder("ketju.database.writes", commits, H2GroupCommits::writes)
                .description("Writes of the embedded H2's committed work to its file, each for a group of commits")
                .register(registry);
    }
}
