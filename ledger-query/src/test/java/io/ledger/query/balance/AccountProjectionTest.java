package io.ledger.query.balance;

import io.ledger.messages.account.AccountCreditedEvent;
import io.ledger.messages.account.AccountDebitedEvent;
import io.ledger.messages.account.AccountFrozenEvent;
import io.ledger.messages.account.AccountOpenedEvent;
import io.ledger.messages.account.AccountPage;
import io.ledger.messages.account.AccountStatus;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.AccountView;
import io.ledger.messages.account.CreditPostedEvent;
import io.ledger.messages.account.CreditReservedEvent;
import io.ledger.messages.account.DebitReleasedEvent;
import io.ledger.messages.account.DebitReservedEvent;
import io.ledger.messages.account.Direction;
import io.ledger.messages.account.EntryPage;
import io.ledger.messages.account.EntryState;
import io.ledger.messages.account.FindAccountAsOfQuery;
import io.ledger.messages.account.FindAccountQuery;
import io.ledger.messages.account.ListAccountEntriesQuery;
import io.ledger.messages.account.ListAccountsQuery;
import io.ledger.messages.common.Money;
import io.ledger.query.support.ReadModelDatabase;
import io.ledger.query.support.ReadModelWrites;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The projection's handlers called directly, on real PostgreSQL. */
class AccountProjectionTest {

    private static AccountProjection projection;
    private static JdbcTemplate jdbc;
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeAll
    static void database() {
        jdbc = ReadModelDatabase.create();
        // The store's table, as far as the balance history reads it (ledger-api's schema creates it whole).
        jdbc.execute("""
                create table domain_event_entry (global_index bigserial primary key,
                    aggregate_identifier varchar(255) not null, sequence_number bigint not null,
                    unique (aggregate_identifier, sequence_number))""");
        projection = new AccountProjection(jdbc, new ReadModelWrites(jdbc));
    }

    private static Money usd(long cents) {
        return Money.ofMinor(cents, "USD");
    }

    /**
     * The event as the store holds it (its aggregate, sequence number and position: what the balance history reads
     * its position from), and the tracking token it arrives with. The tokens' positions repeat across accounts here;
     * the store gives every event a position of its own, in the order stored.
     */
    private static GlobalSequenceTrackingToken stored(String accountId, long version, long position) {
        jdbc.update("insert into domain_event_entry (aggregate_identifier, sequence_number) values (?, ?) "
                + "on conflict do nothing", accountId, version);
        return new GlobalSequenceTrackingToken(position);
    }

    private static String opened(String owner, AccountType type) {
        String id = "acc-" + UUID.randomUUID();
        projection.on(new AccountOpenedEvent(id, owner, "USD", type, usd(500)), 0, T, stored(id, 0, 1));
        return id;
    }

    private static AccountView view(String id) {
        return projection.handle(new FindAccountQuery(id));
    }

    @Test
    void openedAccountShowsZeroBalancesAndItsOverdraftAsAvailable() {
        String id = opened("alice", AccountType.MERCHANT);
        AccountView view = view(id);
        assertEquals(AccountStatus.ACTIVE, view.status());
        assertEquals(usd(0), view.posted());
        assertEquals(usd(500), view.available());
        assertEquals(0, view.version());
        assertNull(projection.handle(new FindAccountQuery("nope")));
    }

    @Test
    void postingsMoveTheBalanceAndWritePostedStatementLines() {
        String id = opened("alice", AccountType.WALLET);
        projection.on(new AccountCreditedEvent(id, "p1", usd(1_000)), 1, T, stored(id, 1, 2));
        projection.on(new AccountDebitedEvent(id, "p2", usd(300)), 2, T, stored(id, 2, 3));

        AccountView after = view(id);
        assertEquals(usd(700), after.posted());
        assertEquals(usd(0), after.pendingDebits());
        assertEquals(usd(1_200), after.available());
        assertEquals(2, after.version());
        assertEquals(3, after.position());

        EntryPage entries = projection.handle(new ListAccountEntriesQuery(id, null, 10));
        assertEquals(2, entries.items().size());
        assertEquals(Direction.CREDIT, entries.items().get(0).direction());
        assertEquals(usd(1_000), entries.items().get(0).amount());
        assertEquals(EntryState.POSTED, entries.items().get(0).state());
        assertEquals(Direction.DEBIT, entries.items().get(1).direction());
        assertEquals(usd(300), entries.items().get(1).amount());
        assertEquals(EntryState.POSTED, entries.items().get(1).state());
    }

    @Test
    void aPostingAppliedTwiceChangesNothing() {
        String id = opened("alice", AccountType.WALLET);
        AccountCreditedEvent event = new AccountCreditedEvent(id, "p1", usd(100));
        projection.on(event, 1, T, stored(id, 1, 2));
        projection.on(event, 1, T, stored(id, 1, 2));
        assertEquals(usd(100), view(id).posted());
        assertEquals(1, projection.handle(new ListAccountEntriesQuery(id, null, 10)).items().size());
    }

    /** Holds: histories written before ADR 0013 still project the same. */
    @Test
    void holdsPostsAndReleasesMoveBalancesAndStatementLines() {
        String id = opened("alice", AccountType.WALLET);
        projection.on(new CreditReservedEvent(id, "p1", usd(1_000)), 1, T, stored(id, 1, 2));
        assertEquals(usd(1_000), view(id).pendingCredits());
        projection.on(new CreditPostedEvent(id, "p1", usd(1_000)), 2, T, stored(id, 2, 3));
        projection.on(new DebitReservedEvent(id, "p2", usd(300)), 3, T, stored(id, 3, 4));
        AccountView held = view(id);
        assertEquals(usd(1_000), held.posted());
        assertEquals(usd(300), held.pendingDebits());
        assertEquals(usd(1_200), held.available());
        projection.on(new DebitReleasedEvent(id, "p2", usd(300)), 4, T, stored(id, 4, 5));

        AccountView after = view(id);
        assertEquals(usd(0), after.pendingDebits());
        assertEquals(usd(0), after.pendingCredits());
        assertEquals(usd(1_500), after.available());
        assertEquals(4, after.version());
        assertEquals(5, after.position());

        EntryPage entries = projection.handle(new ListAccountEntriesQuery(id, null, 10));
        assertEquals(2, entries.items().size());
        assertEquals(EntryState.POSTED, entries.items().get(0).state());
        assertEquals(EntryState.RELEASED, entries.items().get(1).state());
    }

    @Test
    void anEventAppliedTwiceChangesNothing() {
        String id = opened("alice", AccountType.WALLET);
        CreditReservedEvent event = new CreditReservedEvent(id, "p1", usd(100));
        projection.on(event, 1, T, stored(id, 1, 2));
        projection.on(event, 1, T, stored(id, 1, 2));
        assertEquals(usd(100), view(id).pendingCredits());
        assertEquals(1, projection.handle(new ListAccountEntriesQuery(id, null, 10)).items().size());
    }

    @Test
    void statusFollowsFreezes() {
        String id = opened("alice", AccountType.WALLET);
        projection.on(new AccountFrozenEvent(id, "kyc"), 1, T, stored(id, 1, 2));
        assertEquals(AccountStatus.FROZEN, view(id).status());
    }

    @Test
    void listsFilterByOwnerAndPageByCursor() {
        String owner = "owner-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            opened(owner, AccountType.WALLET);
        }
        opened(owner, AccountType.MERCHANT);
        AccountPage first = projection.handle(new ListAccountsQuery(owner, null, AccountType.WALLET, null, 2));
        assertEquals(2, first.items().size());
        AccountPage second = projection.handle(new ListAccountsQuery(owner, null, AccountType.WALLET, first.nextCursor(), 2));
        assertEquals(1, second.items().size());
        assertNull(second.nextCursor());
        assertEquals(4, projection.handle(new ListAccountsQuery(owner, AccountStatus.ACTIVE, null, null, 10)).items().size());
    }
    @Test
    void eachBalanceChangeIsIndexedAtItsOwnStorePositionEvenWhenTheTokenIsAhead() {
        String id = opened("gap", AccountType.WALLET);
        // Both credits arrive with token position 50: the second filled a gap the token had already passed.
        projection.on(new AccountCreditedEvent(id, "p1", usd(100)), 1, T.plusSeconds(1), stored(id, 1, 50));
        projection.on(new AccountCreditedEvent(id, "p2", usd(200)), 2, T.plusSeconds(2), stored(id, 2, 50));
        List<Long> positions = jdbc.queryForList(
                "select position from account_balance_history where account_id = ? order by version", Long.class, id);
        assertEquals(3, positions.size(), "the opening and both credits");
        assertEquals(positions, positions.stream().distinct().sorted().toList());
        assertEquals(jdbc.queryForList("select global_index from domain_event_entry where aggregate_identifier = ? "
                + "order by sequence_number", Long.class, id), positions);
        assertEquals(usd(100), projection.handle(new FindAccountAsOfQuery(id, null, positions.get(1))).account().posted());
        assertEquals(usd(300), projection.handle(new FindAccountAsOfQuery(id, T.plusSeconds(2), null)).account().posted());
        assertEquals(usd(0), projection.handle(new FindAccountAsOfQuery(id, T, null)).account().posted());
        assertEquals(null, projection.handle(new FindAccountAsOfQuery(id, T.minusSeconds(1), null)).account(),
                "before its opening the account did not exist");
    }
}
