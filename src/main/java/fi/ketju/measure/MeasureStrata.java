package fi.ketju.measure;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Whether a stratifier's column of a measure's query is made of codes only: read as SQL (JSqlParser), every column its
 * expression names, and every column those name in turn through subqueries, common table expressions and derived
 * tables, must be a code column of the facts, never an identifier (MeasureDefinition#IDENTIFIERS), whatever
 * function, cast, concatenation or CASE wraps it. Where a name is defined (a select item's alias, a derived table's
 * column list), every definition of it anywhere in the query counts, so a name cannot hide an identifier behind a
 * code's name. Over-cautious by design: a query that names an identifier only to test it ({@code x.message_id is null})
 * in a stratum is refused too.
 */
final class MeasureStrata {

    /**
     * The facts' columns that are codes (measure_facts and measure_recommendations, V30 and V32), less the identifiers and
     * accepted_at (an instant, which the retention prunes by).
     */
    static final Set<String> CODES = Set.of("event_kind", "event_day", "sender_partner", "organisation", "service", "urgency",
            "employment_status", "conclusion", "benefit_type", "benefit_status", "paid_days", "employee", "period_start_day",
            "period_end_day", "recommendation");

    private MeasureStrata() {
    }

    /** Why the stratum {@code column} of {@code sql} is not codes only, or empty when it is. */
    static Optional<String> problem(String sql, String column) {
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(sql);
        } catch (JSQLParserException e) {
            return Optional.of("the query cannot be read as SQL to check its strata");
        }
        Names names = new Names();
        names.getTables(statement);
        Deque<String> pending = new ArrayDeque<>(List.of(column));
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (!seen.add(name)) {
                continue;
            }
            if (MeasureDefinition.IDENTIFIERS.contains(name)) {
                return Optional.of("stratifier column " + column + (name.equals(column) ? "" : " (" + name + ")")
                        + " is made of an identifier; strata must be codes, never one of " + MeasureDefinition.IDENTIFIERS);
            }
            Set<String> defined = names.definitions.get(name);
            if (defined == null && !CODES.contains(name)) {
                return Optional.of("stratifier column " + column + (name.equals(column) ? "" : " (" + name + ")")
                        + " is not a code column of the facts " + CODES + " nor made of them");
            }
            if (defined != null) {
                pending.addAll(defined);
            }
        }
        return Optional.empty();
    }

    /** Every column a statement names, and per name defined in it, the columns its definitions name. */
    private static final class Names extends TablesNamesFinder<Void> {

        final Set<String> columns = new HashSet<>();
        final Map<String, Set<String>> definitions = new HashMap<>();

        Names() {
            init(true);
        }

        @Override
        public <S> Void visit(Column column, S context) {
            columns.add(name(column.getColumnName()));
            return super.visit(column, context);
        }

        @Override
        public <S> Void visit(SelectItem<?> item, S context) {
            if (item.getAlias() != null) {
                Names inside = new Names();
                item.getExpression().accept(inside, context);
                define(item.getAlias().getName(), inside.columns);
            } else if (item.getExpression() instanceof Column plain) {
                // A column selected as it is keeps its name: defined by itself.
                define(plain.getColumnName(), Set.of(name(plain.getColumnName())));
            }
            item.getExpression().accept(this, context);
            return null;
        }

        @Override
        public <S> Void visit(ParenthesedSelect select, S context) {
            Alias alias = select.getAlias();
            if (alias != null && alias.getAliasColumns() != null) {
                // A derived table's column list renames its columns by position: each name is defined by all it reads.
                Names inside = new Names();
                inside.getTables((Statement) select.getSelect());
                alias.getAliasColumns().forEach(aliased -> define(aliased.name, inside.columns));
            }
            return super.visit(select, context);
        }

        @Override
        public <S> Void visit(ParenthesedFromItem item, S context) {
            Alias alias = item.getAlias();
            if (alias != null && alias.getAliasColumns() != null) {
                // (VALUES ...) AS c(days), or a join in parentheses: the same, over everything inside.
                Names inside = new Names();
                item.getFromItem().accept(inside, context);
                if (item.getJoins() != null) {
                    item.getJoins().forEach(join -> {
                        join.getFromItem().accept(inside, context);
                        join.getOnExpressions().forEach(on -> on.accept(inside, context));
                    });
                }
                alias.getAliasColumns().forEach(aliased -> define(aliased.name, inside.columns));
            }
            return super.visit(item, context);
        }

        private void define(String name, Set<String> columns) {
            definitions.computeIfAbsent(name(name), k -> new HashSet<>()).addAll(columns);
        }

        /** A name as the databases fold it: "CLIENT" and client are one. */
        private static String name(String name) {
            return name.replace("\"", "").toLowerCase(Locale.ROOT);
        }
    }
}
