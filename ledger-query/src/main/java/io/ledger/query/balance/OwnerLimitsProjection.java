package io.ledger.query.balance;

import io.ledger.messages.account.AccountLimits;
import io.ledger.messages.account.AccountLimitsView;
import io.ledger.messages.account.FindOwnerLimitsQuery;
import io.ledger.messages.account.FindOwnerUsageQuery;
import io.ledger.messages.account.OwnerLimitsSetEvent;
import io.ledger.messages.account.OwnerLimitsView;
import io.ledger.messages.account.OwnerUsageView;
import io.ledger.query.support.ReadModelProjection;
import io.ledger.query.support.ReadModelWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

import static io.ledger.query.support.Rows.ts;

/**
 * Owners' limits (ADR 0034), in the accounts' processor: the back office and an opening account find an owner's
 * limits here, and what an owner used is counted over its accounts' statement lines, which the same processor writes.
 */
@Component
@ProcessingGroup(AccountProjection.PROCESSING_GROUP)
public class OwnerLimitsProjection implements ReadModelProjection {

    private final JdbcTemplate jdbc;
    private final ReadModelWrites writes;
    private final LimitUsage usage;

    public OwnerLimitsProjection(JdbcTemplate jdbc, ReadModelWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.usage = new LimitUsage(jdbc);
    }

    @EventHandler
    void on(OwnerLimitsSetEvent event, @SequenceNumber long version, @Timestamp Instant at) {
        AccountLimits limits = event.limits() == null ? AccountLimits.NONE : event.limits();
        Object[] columns = LimitUsage.columns(limits);
        writes.later(0, """
                insert into owner_limits (owner_key, owner_id, currency, limited, limit_per_payment, limit_day_amount,
                    limit_day_count, limit_week_amount, limit_week_count, limit_month_amount, limit_month_count,
                    version, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (owner_key) do update set limited = excluded.limited,
                    limit_per_payment = excluded.limit_per_payment, limit_day_amount = excluded.limit_day_amount,
                    limit_day_count = excluded.limit_day_count, limit_week_amount = excluded.limit_week_amount,
                    limit_week_count = excluded.limit_week_count, limit_month_amount = excluded.limit_month_amount,
                    limit_month_count = excluded.limit_month_count, version = excluded.version,
                    updated_at = excluded.updated_at
                 where owner_limits.version < excluded.version""", event.ownerKey(), event.ownerId(), event.currency(),
                !limits.none(), columns[0], columns[1], columns[2], columns[3], columns[4], columns[5], columns[6],
                version, ts(at));
    }

    /** The owner's limits and what its accounts used of each window; null when none were ever set. */
    @QueryHandler
    public OwnerLimitsView handle(FindOwnerLimitsQuery query) {
        OwnerLimitsView limits = jdbc.query("select * from owner_limits where owner_id = ? and currency = ?",
                (rs, n) -> new OwnerLimitsView(rs.getString("owner_key"), rs.getString("owner_id"),
                        rs.getString("currency"), LimitUsage.limits(rs, rs.getString("currency")), List.of(),
                        rs.getLong("version")), query.ownerId(), query.currency()).stream().findFirst().orElse(null);
        if (limits == null || !query.withUsage()) {
            return limits;
        }
        List<AccountLimitsView.Used> used = usage.windows(limits.currency(), LimitUsage.OWNER_ACCOUNTS,
                query.ownerId(), query.currency());
        return new OwnerLimitsView(limits.ownerKey(), limits.ownerId(), limits.currency(), limits.limits(), used,
                limits.version());
    }

    @QueryHandler
    public OwnerUsageView handle(FindOwnerUsageQuery query) {
        List<String> accounts = jdbc.queryForList("select account_id from account_view where " + LimitUsage.OF_OWNER
                + " order by account_id", String.class, query.ownerId(), query.currency());
        return new OwnerUsageView(accounts, !query.withHours() ? List.of()
                : usage.hours(query.currency(), LimitUsage.OWNER_ACCOUNTS, query.ownerId(), query.currency()));
    }

    @ResetHandler
    void reset() {
        jdbc.execute("truncate owner_limits");
    }
}
