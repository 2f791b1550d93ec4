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
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The projection's handlers called directly, on real PostgreSQL. */
class AccountProjectionTest {

    private static AccountProjection projection;
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeAll
    static void database() {
        JdbcTemplate jdbc = ReadModelDatabase.create();
        projection = new AccountProjection(jdbc, new ReadModelWrites(jdbc));
    }

    private static Money usd(long cents) {
        return Money.ofMinor(cents, "USD");
    }

    private static GlobalSequenceTrackingToken at(long position) {
        return new GlobalSequenceTrackingToken(position);
    }

    private static String opened(String owner, AccountType type) {
        String id = "acc-" + UUID.randomUUID();
        projection.on(new AccountOpenedEvent(id, owner, "USD", type, usd(500)), 0, T, at(1));
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
        projection.on(new AccountCreditedEvent(id, "p1", usd(1_000)), 1, T, at(2));
        projection.on(new AccountDebitedEvent(id, "p2", usd(300)), 2, T, at(3));

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
        projection.on(event, 1, T, at(2));
        projection.on(event, 1, T, at(2));
        assertEquals(usd(100), view(id).posted());
        assertEquals(1, projection.handle(new ListAccountEntriesQuery(id, null, 10)).items().size());
    }

    /** Holds: histories written before ADR 0013 still project the same. */
    @Test
    void holdsPostsAndReleasesMoveBalancesAndStatementLines() {
        String id = opened("alice", AccountType.WALLET);
        projection.on(new CreditReservedEvent(id, "p1", usd(1_000)), 1, T, at(2));
        assertEquals(usd(1_000), view(id).pendingCredits());
        projection.on(new CreditPostedEvent(id, "p1", usd(1_000)), 2, T, at(3));
        projection.on(new DebitReservedEvent(id, "p2", usd(300)), 3, T, at(4));
        AccountView held = view(id);
        assertEquals(usd(1_000), held.posted());
        assertEquals(usd(300), held.pendingDebits());
        assertEquals(usd(1_200), held.available());
        projection.on(new DebitReleasedEvent(id, "p2", usd(300)), 4, T, at(5));

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
        projection.on(event, 1, T, at(2));
        projection.on(event, 1, T, at(2));
        assertEquals(usd(100), view(id).pendingCredits());
        assertEquals(1, projection.handle(new ListAccountEntriesQuery(id, null, 10)).items().size());
    }

    @Test
    void statusFollowsFreezes() {
        String id = opened("alice", AccountType.WALLET);
        projection.on(new AccountFrozenEvent(id, "kyc"), 1, T, at(2));
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
}
