package io.ledger.query.balance;

import io.ledger.messages.account.AccountLimits;
import io.ledger.messages.account.AccountLimitsView;
import io.ledger.messages.account.LimitWindow;
import io.ledger.messages.account.UsedHour;
import io.ledger.messages.account.WindowLimit;
import io.ledger.messages.common.Money;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What accounts paid out that their limits count: debits and debit holds not released nor reversed, over whole hours
 * as the write side counts them ({@link LimitWindow}). For one account (its own limits) or for an owner's accounts
 * (the owner's, ADR 0034): the accounts are named by a condition on account_entry.account_id.
 */
final class LimitUsage {

    /** On account_view: the customer accounts of an owner in a currency, those an owner's limits count across. */
    static final String OF_OWNER = "owner_id = ? and currency = ? and type not in ('SYSTEM', 'CLEARING')";

    /** On account_entry: the lines of those accounts. */
    static final String OWNER_ACCOUNTS = "account_id in (select account_id from account_view where " + OF_OWNER + ")";

    private static final String COUNTED = " and direction = 'DEBIT' and state <> 'RELEASED' and not limit_given_back"
            + " and created_at >= date_trunc('hour', now()) - make_interval(hours => ?)";

    private final JdbcTemplate jdbc;

    LimitUsage(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every window in one pass over the longest one's entries: each sums those from its own start. */
    List<AccountLimitsView.Used> windows(String currency, String accounts, Object... accountArgs) {
        StringBuilder sums = new StringBuilder();
        List<Object> args = new ArrayList<>();
        for (LimitWindow window : LimitWindow.values()) {
            sums.append(sums.isEmpty() ? "" : ", ").append("""
                    coalesce(sum(amount) filter (where created_at >= date_trunc('hour', now()) - make_interval(hours => ?)), 0),
                    count(*) filter (where created_at >= date_trunc('hour', now()) - make_interval(hours => ?))""");
            args.add(window.hours());
            args.add(window.hours());
        }
        args.addAll(List.of(accountArgs));
        args.add(longest().hours());
        return jdbc.queryForObject("select " + sums + " from account_entry where " + accounts + COUNTED, (u, m) -> {
            List<AccountLimitsView.Used> each = new ArrayList<>();
            int column = 1;
            for (LimitWindow window : LimitWindow.values()) {
                each.add(new AccountLimitsView.Used(window, Money.ofMinor(u.getLong(column), currency),
                        u.getInt(column + 1)));
                column += 2;
            }
            return each;
        }, args.toArray());
    }

    /** Hour by hour over the longest window, oldest first. */
    List<UsedHour> hours(String currency, String accounts, Object... accountArgs) {
        List<Object> args = new ArrayList<>(List.of(accountArgs));
        args.add(longest().hours());
        // Hours since the epoch, as the write side numbers them, whatever the session's time zone.
        return jdbc.query("select floor(extract(epoch from created_at) / 3600)::bigint as hour, sum(amount) as amount,"
                        + " count(*) as n from account_entry where " + accounts + COUNTED + " group by 1 order by 1",
                (rs, n) -> new UsedHour(Instant.ofEpochSecond(rs.getLong("hour") * 3_600L),
                        Money.ofMinor(rs.getLong("amount"), currency), rs.getInt("n")), args.toArray());
    }

    /** Limits as the read models' columns hold them: per payment, then each window's amount and count, in order. */
    static Object[] columns(AccountLimits limits) {
        Object[] columns = new Object[1 + 2 * LimitWindow.values().length];
        columns[0] = limits.perPayment() == null ? null : limits.perPayment().minorUnits();
        for (WindowLimit limit : limits.windows()) {
            int at = 1 + 2 * limit.window().ordinal();
            columns[at] = limit.amount() == null ? null : limit.amount().minorUnits();
            columns[at + 1] = limit.count();
        }
        return columns;
    }

    /** Limits read back from a row holding those columns ({@code limit_per_payment}, {@code limit_day_amount}, …). */
    static AccountLimits limits(ResultSet row, String currency) throws SQLException {
        Long perPayment = (Long) row.getObject("limit_per_payment", Long.class);
        List<WindowLimit> windows = new ArrayList<>();
        for (LimitWindow window : LimitWindow.values()) {
            String name = window.name().toLowerCase(Locale.ROOT);
            Long amount = (Long) row.getObject("limit_" + name + "_amount", Long.class);
            Integer count = (Integer) row.getObject("limit_" + name + "_count", Integer.class);
            if (amount != null || count != null) {
                windows.add(new WindowLimit(window, amount == null ? null : Money.ofMinor(amount, currency), count));
            }
        }
        return new AccountLimits(perPayment == null ? null : Money.ofMinor(perPayment, currency), windows);
    }

    private static LimitWindow longest() {
        LimitWindow longest = LimitWindow.DAY;
        for (LimitWindow window : LimitWindow.values()) {
            longest = window.hours() > longest.hours() ? window : longest;
        }
        return longest;
    }
}
