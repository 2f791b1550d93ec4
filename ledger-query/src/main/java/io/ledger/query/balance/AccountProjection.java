package io.ledger.query.balance;

import io.ledger.query.support.ReadModelProjection;
import io.ledger.messages.account.AccountClosedEvent;
import io.ledger.messages.account.AccountCreditedEvent;
import io.ledger.messages.account.AccountDebitedEvent;
import io.ledger.messages.account.AccountFrozenEvent;
import io.ledger.messages.account.AccountLimits;
import io.ledger.messages.account.AccountLimitsSetEvent;
import io.ledger.messages.account.AccountLimitsView;
import io.ledger.messages.account.FindAccountLimitsQuery;
import io.ledger.messages.account.LimitWindow;
import io.ledger.messages.account.AccountOpenedEvent;
import io.ledger.messages.account.AccountPage;
import io.ledger.messages.account.AccountStatus;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.AccountUnfrozenEvent;
import io.ledger.messages.account.AccountView;
import io.ledger.messages.account.CreditPostedEvent;
import io.ledger.messages.account.CreditReleasedEvent;
import io.ledger.messages.account.CreditReservedEvent;
import io.ledger.messages.account.DebitPostedEvent;
import io.ledger.messages.account.DebitReleasedEvent;
import io.ledger.messages.account.DebitReservedEvent;
import io.ledger.messages.account.Direction;
import io.ledger.messages.account.EntryPage;
import io.ledger.messages.account.EntryState;
import io.ledger.messages.account.EntryView;
import io.ledger.messages.account.FindAccountQuery;
import io.ledger.messages.account.FindAccountAsOfQuery;
import io.ledger.messages.account.AccountAsOf;
import io.ledger.messages.account.ListAccountEntriesQuery;
import io.ledger.messages.account.ListAccountsQuery;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.Money;
import io.ledger.query.support.Cursors;
import io.ledger.query.support.ReadModelWrites;
import static io.ledger.query.support.Rows.instant;
import static io.ledger.query.support.Rows.ts;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Balances and statement lines per account. Each balance update is guarded by the aggregate version,
 * so an event applied twice (a replay after a crash between handling and token update) changes nothing.
 * Writes are queued on the processor's batch and sent together when it commits ({@link ReadModelWrites});
 * they all keep their place in event order, since the version guard needs an account's events in order.
 */
@Component
@ProcessingGroup(AccountProjection.PROCESSING_GROUP)
public class AccountProjection implements ReadModelProjection {

    public static final String PROCESSING_GROUP = "account-projection";

    private final JdbcTemplate jdbc;
    private final ReadModelWrites writes;
    private final LimitUsage usage;

    public AccountProjection(JdbcTemplate jdbc, ReadModelWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.usage = new LimitUsage(jdbc);
    }

    @EventHandler
    void on(AccountOpenedEvent event, @SequenceNumber long version, @Timestamp Instant at,
            TrackingToken token) {
        writes.later(0, """
                insert into account_view (account_id, owner_id, currency, type, status, overdraft_limit,
                    version, position, opened_at, updated_at)
                values (?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?)
                on conflict (account_id) do nothing""",
                event.accountId(), event.ownerId(), event.currency(), event.type().name(),
                event.overdraftLimit().minorUnits(), version, Cursors.positionOf(token), ts(at), ts(at));
        // The history starts at the opening: before its first row, the account did not exist.
        writes.later(0, OPENING_HISTORY, event.accountId(), event.accountId(), version, ts(at), version);
    }

    @EventHandler
    void on(AccountFrozenEvent event, @SequenceNumber long version, @Timestamp Instant at,
            TrackingToken token) {
        setStatus(event.accountId(), AccountStatus.FROZEN, version, at, token);
    }

    @EventHandler
    void on(AccountLimitsSetEvent event, @SequenceNumber long version, @Timestamp Instant at, TrackingToken token) {
        Object[] columns = LimitUsage.columns(event.limits() == null ? AccountLimits.NONE : event.limits());
        writes.later(0, """
                update account_view set limit_per_payment = ?, limit_day_amount = ?, limit_day_count = ?,
                       limit_week_amount = ?, limit_week_count = ?, limit_month_amount = ?, limit_month_count = ?,
                       version = ?, position = ?, updated_at = ?
                 where account_id = ? and version < ?""", columns[0], columns[1], columns[2], columns[3], columns[4],
                columns[5], columns[6], version, Cursors.positionOf(token), ts(at), event.accountId(), version);
    }

    /**
     * The account's limits, and per limited window what its debits and holds not released used, counted over whole
     * hours as the account counts them ({@link LimitWindow}).
     */
    @QueryHandler
    public AccountLimitsView handle(FindAccountLimitsQuery query) {
        // The row is read (and its connection returned) before the windows are counted: a count inside the row
        // mapper would hold two connections per request and starve the pool under concurrent reads.
        AccountLimitsView limits = jdbc.query("select * from account_view where account_id = ?", (rs, n) -> {
            String currency = rs.getString("currency");
            return new AccountLimitsView(rs.getString("account_id"), rs.getString("owner_id"), currency,
                    AccountType.valueOf(rs.getString("type")), LimitUsage.limits(rs, currency), List.of(),
                    rs.getLong("version"));
        }, query.accountId()).stream().findFirst().orElse(null);
        if (limits == null) {
            return null;
        }
        List<AccountLimitsView.Used> used = usage.windows(limits.currency(), "account_id = ?", query.accountId());
        return new AccountLimitsView(limits.accountId(), limits.ownerId(), limits.currency(), limits.type(),
                limits.limits(), used, limits.version());
    }

    @EventHandler
    void on(AccountUnfrozenEvent event, @SequenceNumber long version, @Timestamp Instant at,
            TrackingToken token) {
        setStatus(event.accountId(), AccountStatus.ACTIVE, version, at, token);
    }

    @EventHandler
    void on(AccountClosedEvent event, @SequenceNumber long version, @Timestamp Instant at,
            TrackingToken token) {
        setStatus(event.accountId(), AccountStatus.CLOSED, version, at, token);
    }

    @EventHandler
    void on(AccountDebitedEvent event, @SequenceNumber long version, @Timestamp Instant at,
            TrackingToken token) {
        post(event.accountId(), event.paymentId(), Direction.DEBIT, event.amount(), version, at, token);
    }

    @EventHandler
    void on(AccountCreditedEvent event, @SequenceNumber long version, @Timestamp Instant at,
            TrackingToken token) {
        post(event.accountId(), event.paymentId(), Direction.CREDIT, event.amount(), version, at, token);
        if (event.givesBack() != null) {
            // In the batch's order: on a rebuild the reversed payment's debit line may be written in this same batch.
            writes.later(0, """
                    update account_entry set limit_given_back = true
                     where account_id = ? and payment_id = ? and direction = 'DEBIT'""",
                    event.accountId(), event.givesBack().reversedPaymentId());
        }
    }

    // Holds: an authorization's (ADR 0016), and those of histories written before ADR 0013.

    @EventHandler
    void on(DebitReservedEvent event, @SequenceNumber long version, @Timestamp Instant at,
            TrackingToken token) {
        if (changeBalances(event.accountId(), 0, event.amount().minorUnits(), 0, version, at, token)) {
            openEntry(event.accountId(), event.paymentId(), Direction.DEBIT, event.amount(), at);
        }
    }

    @EventHandler
    void on(CreditReservedEvent event, @SequenceNumber long version, @Timestamp Instant at,
            TrackingToken token) {
        if (changeBalances(event.accountId(), 0, 0, event.amount().minorUnits(), version, at, token)) {
            openEntry(event.accountId(), event.paymentId(), Direction.CREDIT, event.amount(), at);
        }
    }

    @EventHandler
    void on(DebitPostedEvent event, @SequenceNumber long version, @Timestamp Instant at,
            TrackingToken token) {
        long amount = event.amount().minorUnits();
        if (changeBalances(event.accountId(), -amount, -amount, 0, version, at, token)) {
            closeEntry(event.accountId(), event.paymentId(), Direction.DEBIT, EntryState.POSTED, event.amount(), at);
        }
    }

    @EventHandler
    void on(CreditPostedEvent event, @SequenceNumber long version, @Timestamp Instant at,
            TrackingToken token) {
        long amount = event.amount().minorUnits();
        if (changeBalances(event.accountId(), amount, 0, -amount, version, at, token)) {
            closeEntry(event.accountId(), event.paymentId(), Direction.CREDIT, EntryState.POSTED, event.amount(), at);
        }
    }

    @EventHandler
    void on(DebitReleasedEvent event, @SequenceNumber long version, @Timestamp Instant at,
            TrackingToken token) {
        if (changeBalances(event.accountId(), 0, -event.amount().minorUnits(), 0, version, at, token)) {
            closeEntry(event.accountId(), event.paymentId(), Direction.DEBIT, EntryState.RELEASED, event.amount(), at);
        }
    }

    @EventHandler
    void on(CreditReleasedEvent event, @SequenceNumber long version, @Timestamp Instant at,
            TrackingToken token) {
        if (changeBalances(event.accountId(), 0, 0, -event.amount().minorUnits(), version, at, token)) {
            closeEntry(event.accountId(), event.paymentId(), Direction.CREDIT, EntryState.RELEASED, event.amount(), at);
        }
    }

    /** A rebuild starts from nothing: the events are the truth. */
    @ResetHandler
    void reset() {
        jdbc.execute("truncate account_view, account_entry, account_balance_history restart identity");
    }

    /** The newest balance change of an account at or before a time: the index (account, time), read backwards. */
    public static final String BALANCES_AT_TIME = """
            select * from account_balance_history where account_id = ? and at <= ?
             order by at desc, position desc limit 1""";
    /** The newest balance change of an account at or before an event position: the key, read backwards. */
    public static final String BALANCES_AT_POSITION = """
            select * from account_balance_history where account_id = ? and position <= ?
             order by position desc limit 1""";

    /**
     * The account's newest balance change at or before the time or position asked: one lookup in the history's
     * index (account, time) or its key (account, position), as fast for an account with a million changes as for one.
     */
    @QueryHandler
    public AccountAsOf handle(FindAccountAsOfQuery query) {
        record Now(AccountView view, Instant indexedFrom, Long indexedFromPosition) {
        }
        List<Now> found = jdbc.query("select * from account_view where account_id = ?", (rs, n) -> new Now(
                ACCOUNT.mapRow(rs, n), instant(rs, "balance_history_from"),
                rs.getObject("balance_history_from_position", Long.class)), query.accountId());
        if (found.isEmpty()) {
            return new AccountAsOf(null, true, null);
        }
        Now now = found.get(0);
        boolean byTime = query.asOf() != null;
        boolean beforeIndex = byTime ? now.indexedFrom() != null && query.asOf().isBefore(now.indexedFrom())
                : now.indexedFromPosition() != null && query.asOfPosition() < now.indexedFromPosition();
        if (beforeIndex && (!byTime || !query.asOf().isBefore(now.view().openedAt()))) {
            return new AccountAsOf(null, false, now.indexedFrom());
        }
        AccountView view = now.view();
        List<AccountView> then = jdbc.query(byTime ? BALANCES_AT_TIME : BALANCES_AT_POSITION, (rs, n) -> view(
                view.accountId(), view.ownerId(), view.currency(), view.type(), view.status(),
                view.overdraftLimit().minorUnits(), rs.getLong("posted"), rs.getLong("pending_debits"),
                rs.getLong("pending_credits"), rs.getLong("version"), rs.getLong("position"), view.openedAt(),
                instant(rs, "at")), query.accountId(), byTime ? ts(query.asOf()) : query.asOfPosition());
        return new AccountAsOf(then.isEmpty() ? null : then.get(0), true, null);
    }

    @QueryHandler
    public AccountView handle(FindAccountQuery query) {
        List<AccountView> found = jdbc.query("select * from account_view where account_id = ?", ACCOUNT, query.accountId());
        return found.isEmpty() ? null : found.get(0);
    }

    @QueryHandler
    public AccountPage handle(ListAccountsQuery query) {
        StringBuilder sql = new StringBuilder("select * from account_view where account_id > ?");
        List<Object> args = new ArrayList<>();
        String after = Cursors.decode(query.cursor(), Ids.ACCOUNT_ID);
        args.add(after == null ? "" : after);
        if (query.ownerId() != null) {
            sql.append(" and owner_id = ?");
            args.add(query.ownerId());
        }
        if (query.status() != null) {
            sql.append(" and status = ?");
            args.add(query.status().name());
        }
        if (query.type() != null) {
            sql.append(" and type = ?");
            args.add(query.type().name());
        }
        sql.append(" order by account_id limit ?");
        args.add(query.limit() + 1);
        List<AccountView> rows = jdbc.query(sql.toString(), ACCOUNT, args.toArray());
        if (rows.size() <= query.limit()) {
            return new AccountPage(rows, null);
        }
        List<AccountView> page = rows.subList(0, query.limit());
        return new AccountPage(List.copyOf(page), Cursors.encode(page.get(page.size() - 1).accountId()));
    }

    @QueryHandler
    public EntryPage handle(ListAccountEntriesQuery query) {
        long after = Cursors.decodeLong(query.cursor(), 0);
        List<EntryView> rows = jdbc.query("""
                select * from account_entry where account_id = ? and entry_id > ?
                order by entry_id limit ?""", ENTRY, query.accountId(), after, query.limit() + 1);
        if (rows.size() <= query.limit()) {
            return new EntryPage(rows, null);
        }
        List<EntryView> page = rows.subList(0, query.limit());
        return new EntryPage(List.copyOf(page), Cursors.encode(Long.toString(page.get(page.size() - 1).entryId())));
    }

    private void setStatus(String accountId, AccountStatus status, long version, Instant at, TrackingToken token) {
        writes.later(0, "update account_view set status = ?, version = ?, position = ?, updated_at = ? "
                        + "where account_id = ? and version < ?",
                status.name(), version, Cursors.positionOf(token), ts(at), accountId, version);
    }

    /**
     * A posting: the balance and its statement line in one statement (one round trip per event), applied
     * once, since the update matches nothing when this aggregate version was already applied.
     */
    private void post(String accountId, String paymentId, Direction direction, Money amount, long version, Instant at,
                      TrackingToken token) {
        long delta = direction == Direction.DEBIT ? -amount.minorUnits() : amount.minorUnits();
        writes.later(0, POST,
                delta, version, Cursors.positionOf(token), ts(at), accountId, version,
                paymentId, direction.name(), amount.minorUnits(), amount.currency(), ts(at), ts(at));
    }

    /**
     * Applies balance deltas once: false when this aggregate version was already applied. Runs at once, after
     * what is queued before it, since its count decides whether the statement line is written (holds only,
     * which histories before ADR 0013 have).
     */
    private boolean changeBalances(String accountId, long postedDelta, long pendingDebitsDelta, long pendingCreditsDelta,
                                   long version, Instant at, TrackingToken token) {
        return writes.now(CHANGE_BALANCES,
                postedDelta, pendingDebitsDelta, pendingCreditsDelta, version, Cursors.positionOf(token), ts(at),
                accountId, version) == 1;
    }

    /**
     * The event's own position in the store, found by its aggregate and sequence number (the store's unique key).
     * Not the tracking token's: a token holds the highest position seen, which is not the event's own when the event
     * fills a gap left by a transaction that committed late (two events of one account would share it).
     */
    private static final String EVENT_POSITION = """
            (select e.global_index from domain_event_entry e where e.aggregate_identifier = %s and e.sequence_number = %s)""";

    /** The history row a balance change leaves: the balances after it, at the event's position and time. */
    private static final String HISTORY = """
            insert into account_balance_history (account_id, position, at, version, posted, pending_debits, pending_credits)
            select account_id, %s, updated_at, version, posted, pending_debits, pending_credits from changed"""
            .formatted(EVENT_POSITION.formatted("changed.account_id", "changed.version"));
    private static final String CHANGED = "account_id, updated_at, version, posted, pending_debits, pending_credits";

    /** A posting: the balance, its history row and its statement line in one statement. */
    private static final String POST = """
            with changed as (
                update account_view set posted = posted + ?, version = ?, position = ?, updated_at = ?
                 where account_id = ? and version < ?
                returning %s),
            history as (%s)
            insert into account_entry (account_id, payment_id, direction, amount, currency, state, created_at, updated_at)
            select account_id, ?, ?, ?, ?, 'POSTED', ?, ? from changed
            on conflict (account_id, payment_id, direction) do nothing""".formatted(CHANGED, HISTORY);

    /** A hold's change: the balances and their history row in one statement; counts 1 when applied. */
    private static final String CHANGE_BALANCES = """
            with changed as (
                update account_view
                   set posted = posted + ?, pending_debits = pending_debits + ?, pending_credits = pending_credits + ?,
                       version = ?, position = ?, updated_at = ?
                 where account_id = ? and version < ?
                returning %s)
            %s""".formatted(CHANGED, HISTORY);

    /** The opening's history row: zero balances, from which on the account exists. */
    private static final String OPENING_HISTORY = """
            insert into account_balance_history (account_id, position, at, version, posted, pending_debits, pending_credits)
            values (?, %s, ?, ?, 0, 0, 0)
            on conflict (account_id, position) do nothing""".formatted(EVENT_POSITION.formatted("?", "?"));

    private void openEntry(String accountId, String paymentId, Direction direction, Money amount, Instant at) {
        writes.later(0, """
                insert into account_entry (account_id, payment_id, direction, amount, currency, state, created_at, updated_at)
                values (?, ?, ?, ?, ?, 'PENDING', ?, ?)
                on conflict (account_id, payment_id, direction) do nothing""",
                accountId, paymentId, direction.name(), amount.minorUnits(), amount.currency(), ts(at), ts(at));
    }

    /** Ends a hold's statement line; a posted one shows what was posted (a capture can be less than the hold). */
    private void closeEntry(String accountId, String paymentId, Direction direction, EntryState state, Money amount,
                            Instant at) {
        writes.later(0, "update account_entry set state = ?, amount = case when ? then ? else amount end, updated_at = ? "
                        + "where account_id = ? and payment_id = ? and direction = ?",
                state.name(), state == EntryState.POSTED, amount.minorUnits(), ts(at), accountId, paymentId, direction.name());
    }

    private static final RowMapper<AccountView> ACCOUNT = (rs, n) -> view(rs.getString("account_id"),
            rs.getString("owner_id"), rs.getString("currency"), AccountType.valueOf(rs.getString("type")),
            AccountStatus.valueOf(rs.getString("status")), rs.getLong("overdraft_limit"), rs.getLong("posted"),
            rs.getLong("pending_debits"), rs.getLong("pending_credits"), rs.getLong("version"), rs.getLong("position"),
            instant(rs, "opened_at"), instant(rs, "updated_at"));

    /** An account's view from its balances in minor units: available is posted less pending debits plus overdraft. */
    private static AccountView view(String accountId, String ownerId, String currency, AccountType type,
                                    AccountStatus status, long overdraftLimit, long posted, long pendingDebits,
                                    long pendingCredits, long version, long position, Instant openedAt,
                                    Instant updatedAt) {
        return new AccountView(accountId, ownerId, currency, type, status, Money.ofMinor(overdraftLimit, currency),
                Money.ofMinor(posted, currency), Money.ofMinor(pendingDebits, currency),
                Money.ofMinor(pendingCredits, currency), Money.ofMinor(posted - pendingDebits + overdraftLimit, currency),
                version, position, openedAt, updatedAt);
    }

    private static final RowMapper<EntryView> ENTRY = (rs, n) -> new EntryView(rs.getLong("entry_id"),
            rs.getString("account_id"), rs.getString("payment_id"), Direction.valueOf(rs.getString("direction")),
            Money.ofMinor(rs.getLong("amount"), rs.getString("currency")), EntryState.valueOf(rs.getString("state")),
            instant(rs, "created_at"), instant(rs, "updated_at"));
}
