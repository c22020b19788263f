package fi.ketju.audit;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Looks through every text column of every table of the hub's schema for a value (H2 and PostgreSQL). */
public final class AuditDatabaseScan {

    private AuditDatabaseScan() {
    }

    /** table.column of each column that holds {@code value} somewhere in its text. */
    public static List<String> columnsContaining(JdbcClient jdbc, String value) {
        List<String[]> columns = jdbc.sql("""
                select table_name, column_name from information_schema.columns
                where lower(table_schema) = 'public' and (lower(data_type) like '%char%' or lower(data_type) like '%text%'
                    or lower(data_type) like '%clob%')""")
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .list();
        List<String> found = new ArrayList<>();
        for (String[] column : columns) {
            Integer hits = jdbc.sql("select count(*) from \"" + column[0] + "\" where \"" + column[1] + "\" like :value")
                    .param("value", "%" + value + "%").query(Integer.class).single();
            if (hits > 0) {
                found.add(column[0] + "." + column[1]);
            }
        }
        return found;
    }
}
