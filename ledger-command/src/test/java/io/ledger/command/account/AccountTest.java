package io.ledger.command.account;

import io.ledger.messages.account.AccountClosedEvent;
import io.ledger.messages.account.AccountCreditedEvent;
import io.ledger.messages.account.AccountDebitedEvent;
import io.ledger.messages.account.AccountFrozenEvent;
import io.ledger.messages.account.AccountOpenedEvent;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.AccountUnfrozenEvent;
import io.ledger.messages.account.CheckCreditCommand;
import io.ledger.messages.account.CloseAccountCommand;
import io.ledger.messages.account.CreditAccountCommand;
import io.ledger.messages.account.CreditPostedEvent;
import io.ledger.messages.account.CreditRefusedEvent;
import io.ledger.messages.account.CreditReleasedEvent;
import io.ledger.messages.account.CreditReservedEvent;
import io.ledger.messages.account.DebitAccountCommand;
import io.ledger.messages.account.DebitPostedEvent;
import io.ledger.messages.account.DebitRefusedEvent;
import io.ledger.messages.account.DebitReleasedEvent;
import io.ledger.messages.account.DebitReservedEvent;
import io.ledger.messages.account.Direction;
import io.ledger.messages.account.FreezeAccountCommand;
import io.ledger.messages.account.HoldCreditCommand;
import io.ledger.messages.account.HoldDebitCommand;
import io.ledger.messages.account.OpenAccountCommand;
import io.ledger.messages.account.PostHoldCommand;
import io.ledger.messages.account.PostingOutcome;
import io.ledger.messages.account.ReleaseHoldCommand;
import io.ledger.messages.account.UnfreezeAccountCommand;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccountTest {

    private static final String ID = "alice-usd";
    private static final Money ZERO = Money.zero("USD");
    private static final AccountOpenedEvent OPENED = new AccountOpenedEvent(ID, "alice", "USD", AccountType.WALLET, ZERO);

    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
    }

    private static Money usd(long cents) {
        return Money.ofMinor(cents, "USD");
    }

    /** A history followed by more events. */
    private static Object[] after(Object[] history, Object... more) {
        Object[] all = java.util.Arrays.copyOf(history, history.length + more.length);
        System.arraycopy(more, 0, all, history.length, more.length);
        return all;
    }

    /** A wallet holding `cents` posted, funded by payment "fund". */
    private static Object[] funded(long cents) {
        return new Object[] {OPENED, new AccountCreditedEvent(ID, "fund", usd(cents))};
    }

    @Test
    void opensActiveWithZeroBalances() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccountCommand(ID, "alice", AccountType.WALLET, ZERO))
                .expectEvents(OPENED);
    }

    @Test
    void refusesMalformedAccountId() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccountCommand("bad id!", "alice", AccountType.WALLET, ZERO))
                .expectException(LedgerException.class)
                .expectNoEvents();
    }

    @Test
    void refusesNegativeOverdraftLimit() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccountCommand(ID, "alice", AccountType.WALLET, usd(-1)))
                .expectException(LedgerException.class)
                .expectNoEvents();
    }

    @Test
    void debitsWhatThePostedBalanceCovers() {
        fixture.given(funded(10_000))
                .when(new DebitAccountCommand(ID, "p1", usd(10_000)))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(10_000)))
                .expectResultMessagePayload(PostingOutcome.accepted());
    }

    @Test
    void cannotDebitMoreThanAvailableAndARefusalIsRecordedButMovesNothing() {
        fixture.given(funded(10_000))
                .andGiven(new AccountDebitedEvent(ID, "p1", usd(6_000)))
                .when(new DebitAccountCommand(ID, "p2", usd(4_001)))
                .expectEvents(new DebitRefusedEvent(ID, "p2", usd(4_001), RejectionReason.INSUFFICIENT_FUNDS))
                .expectResultMessagePayload(PostingOutcome.refused(RejectionReason.INSUFFICIENT_FUNDS));
        fixture.given(funded(10_000))
                .andGiven(new AccountDebitedEvent(ID, "p1", usd(6_000)))
                .when(new DebitAccountCommand(ID, "p2", usd(4_000)))
                .expectEvents(new AccountDebitedEvent(ID, "p2", usd(4_000)));
    }

    @Test
    void overdraftLimitExtendsAvailable() {
        fixture.given(new AccountOpenedEvent(ID, "alice", "USD", AccountType.MERCHANT, usd(2_000)))
                .when(new DebitAccountCommand(ID, "p1", usd(2_000)))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(2_000)));
        fixture.given(new AccountOpenedEvent(ID, "alice", "USD", AccountType.MERCHANT, usd(2_000)))
                .when(new DebitAccountCommand(ID, "p1", usd(2_001)))
                .expectEvents(new DebitRefusedEvent(ID, "p1", usd(2_001), RejectionReason.INSUFFICIENT_FUNDS))
                .expectResultMessagePayload(PostingOutcome.refused(RejectionReason.INSUFFICIENT_FUNDS));
    }

    @Test
    void systemAccountsMayGoNegativeWithoutLimit() {
        fixture.given(new AccountOpenedEvent("bank", "bank", "USD", AccountType.SYSTEM, ZERO))
                .when(new DebitAccountCommand("bank", "p1", usd(1_000_000_000L)))
                .expectEvents(new AccountDebitedEvent("bank", "p1", usd(1_000_000_000L)));
    }

    @Test
    void anAcceptedCreditCheckRecordsNothing() {
        fixture.given(OPENED)
                .when(new CheckCreditCommand(ID, "p1", usd(100)))
                .expectNoEvents()
                .expectResultMessagePayload(PostingOutcome.accepted());
        fixture.given(OPENED)
                .when(new CreditAccountCommand(ID, "p1", usd(100)))
                .expectEvents(new AccountCreditedEvent(ID, "p1", usd(100)));
    }

    @Test
    void frozenAccountIsNeitherDebitedNorCredited() {
        fixture.given(funded(10_000)).andGiven(new AccountFrozenEvent(ID, "fraud check"))
                .when(new CheckCreditCommand(ID, "p1", usd(100)))
                .expectEvents(new CreditRefusedEvent(ID, "p1", usd(100), RejectionReason.ACCOUNT_FROZEN))
                .expectResultMessagePayload(PostingOutcome.refused(RejectionReason.ACCOUNT_FROZEN));
        fixture.given(funded(10_000)).andGiven(new AccountFrozenEvent(ID, "fraud check"))
                .when(new DebitAccountCommand(ID, "p1", usd(100)))
                .expectEvents(new DebitRefusedEvent(ID, "p1", usd(100), RejectionReason.ACCOUNT_FROZEN))
                .expectResultMessagePayload(PostingOutcome.refused(RejectionReason.ACCOUNT_FROZEN));
        fixture.given(funded(10_000)).andGiven(new AccountFrozenEvent(ID, "fraud check"))
                .when(new CreditAccountCommand(ID, "p1", usd(100)))
                .expectExceptionMessage("account alice-usd refuses the credit of payment p1: ACCOUNT_FROZEN")
                .expectNoEvents();
    }

    @Test
    void closedAccountRefusesPostings() {
        fixture.given(OPENED, new AccountClosedEvent(ID))
                .when(new CheckCreditCommand(ID, "p1", usd(100)))
                .expectEvents(new CreditRefusedEvent(ID, "p1", usd(100), RejectionReason.ACCOUNT_CLOSED))
                .expectResultMessagePayload(PostingOutcome.refused(RejectionReason.ACCOUNT_CLOSED));
        fixture.given(OPENED, new AccountClosedEvent(ID))
                .when(new CreditAccountCommand(ID, "p1", usd(100)))
                .expectException(LedgerException.class)
                .expectNoEvents();
    }

    @Test
    void currencyMustMatch() {
        fixture.given(funded(10_000))
                .when(new CheckCreditCommand(ID, "p1", Money.ofMinor(100, "EUR")))
                .expectEvents(new CreditRefusedEvent(ID, "p1", Money.ofMinor(100, "EUR"), RejectionReason.CURRENCY_MISMATCH))
                .expectResultMessagePayload(PostingOutcome.refused(RejectionReason.CURRENCY_MISMATCH));
        fixture.given(funded(10_000))
                .when(new DebitAccountCommand(ID, "p1", Money.ofMinor(100, "EUR")))
                .expectEvents(new DebitRefusedEvent(ID, "p1", Money.ofMinor(100, "EUR"), RejectionReason.CURRENCY_MISMATCH))
                .expectResultMessagePayload(PostingOutcome.refused(RejectionReason.CURRENCY_MISMATCH));
    }

    @Test
    void closedTakesPrecedenceOverCurrencyAndFunds() {
        fixture.given(OPENED, new AccountClosedEvent(ID))
                .when(new DebitAccountCommand(ID, "p1", Money.ofMinor(100, "EUR")))
                .expectEvents(new DebitRefusedEvent(ID, "p1", Money.ofMinor(100, "EUR"), RejectionReason.ACCOUNT_CLOSED))
                .expectResultMessagePayload(PostingOutcome.refused(RejectionReason.ACCOUNT_CLOSED));
    }

    /** Written before ADR 0013: received 1,000 through a credit hold, a debit hold released, a debit of
     *  400 held and posted, and a debit of 200 still held (not spendable): 400 available. */
    private static Object[] earlierHistory() {
        return new Object[] {OPENED, new CreditReservedEvent(ID, "in", usd(1_000)), new CreditPostedEvent(ID, "in", usd(1_000)),
                new DebitReservedEvent(ID, "gone", usd(300)), new DebitReleasedEvent(ID, "gone", usd(300)),
                new DebitReservedEvent(ID, "out", usd(400)), new DebitPostedEvent(ID, "out", usd(400)),
                new DebitReservedEvent(ID, "open", usd(200))};
    }

    @Test
    void holdsFromEarlierHistoriesReplayIntoTheBalance() {
        fixture.given(earlierHistory())
                .when(new DebitAccountCommand(ID, "p1", usd(401)))
                .expectEvents(new DebitRefusedEvent(ID, "p1", usd(401), RejectionReason.INSUFFICIENT_FUNDS))
                .expectResultMessagePayload(PostingOutcome.refused(RejectionReason.INSUFFICIENT_FUNDS));
        fixture.given(earlierHistory())
                .when(new DebitAccountCommand(ID, "p1", usd(400)))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(400)));
    }

    @Test
    void anAuthorizationHoldsTheDebitUnderTheDebitRulesAndLowersWhatIsAvailable() {
        fixture.given(funded(1_000))
                .when(new HoldDebitCommand(ID, "a1", usd(1_001)))
                .expectEvents(new DebitRefusedEvent(ID, "a1", usd(1_001), RejectionReason.INSUFFICIENT_FUNDS))
                .expectResultMessagePayload(PostingOutcome.refused(RejectionReason.INSUFFICIENT_FUNDS));
        fixture.given(funded(1_000))
                .when(new HoldDebitCommand(ID, "a1", usd(600)))
                .expectEvents(new DebitReservedEvent(ID, "a1", usd(600)))
                .expectResultMessagePayload(PostingOutcome.accepted());
        fixture.given(after(funded(1_000), new DebitReservedEvent(ID, "a1", usd(600))))
                .when(new DebitAccountCommand(ID, "p2", usd(401)))
                .expectEvents(new DebitRefusedEvent(ID, "p2", usd(401), RejectionReason.INSUFFICIENT_FUNDS));
        fixture.given(after(funded(1_000), new DebitReservedEvent(ID, "a1", usd(600))))
                .when(new HoldDebitCommand(ID, "a1", usd(10)))
                .expectException(LedgerException.class)
                .expectNoEvents();
    }

    @Test
    void aFrozenAccountIsNotHeldButOwesWhatItAuthorized() {
        Object[] frozen = {OPENED, new AccountCreditedEvent(ID, "fund", usd(1_000)), new AccountFrozenEvent(ID, "kyc")};
        fixture.given(frozen)
                .when(new HoldDebitCommand(ID, "a1", usd(100)))
                .expectEvents(new DebitRefusedEvent(ID, "a1", usd(100), RejectionReason.ACCOUNT_FROZEN));
        fixture.given(after(funded(1_000), new DebitReservedEvent(ID, "a1", usd(600)), new AccountFrozenEvent(ID, "kyc")))
                .when(new PostHoldCommand(ID, "a1", Direction.DEBIT, usd(600)))
                .expectEvents(new DebitPostedEvent(ID, "a1", usd(600)));
    }

    @Test
    void aCapturePostsPartOfTheHoldAndReleasesTheRestFirst() {
        fixture.given(after(funded(1_000), new DebitReservedEvent(ID, "a1", usd(600))))
                .when(new PostHoldCommand(ID, "a1", Direction.DEBIT, usd(450)))
                .expectEvents(new DebitReleasedEvent(ID, "a1", usd(150)), new DebitPostedEvent(ID, "a1", usd(450)));
        fixture.given(OPENED, new CreditReservedEvent(ID, "a1", usd(600)))
                .when(new PostHoldCommand(ID, "a1", Direction.CREDIT, usd(600)))
                .expectEvents(new CreditPostedEvent(ID, "a1", usd(600)));
        fixture.given(after(funded(1_000), new DebitReservedEvent(ID, "a1", usd(600))))
                .when(new PostHoldCommand(ID, "a1", Direction.DEBIT, usd(601)))
                .expectException(LedgerException.class)
                .expectNoEvents();
        fixture.given(funded(1_000))
                .when(new PostHoldCommand(ID, "a1", Direction.DEBIT, usd(1)))
                .expectException(LedgerException.class);
        // After the capture, the hold is gone: what was released is available again, the rest posted.
        fixture.given(after(funded(1_000), new DebitReservedEvent(ID, "a1", usd(600)), new DebitReleasedEvent(ID, "a1", usd(150)),
                        new DebitPostedEvent(ID, "a1", usd(450))))
                .when(new DebitAccountCommand(ID, "p2", usd(551)))
                .expectEvents(new DebitRefusedEvent(ID, "p2", usd(551), RejectionReason.INSUFFICIENT_FUNDS));
    }

    @Test
    void aHoldIsReleasedOnceAndAReleaseOfNothingDoesNothing() {
        fixture.given(after(funded(1_000), new DebitReservedEvent(ID, "a1", usd(600))))
                .when(new ReleaseHoldCommand(ID, "a1", Direction.DEBIT))
                .expectEvents(new DebitReleasedEvent(ID, "a1", usd(600)));
        fixture.given(after(funded(1_000), new DebitReservedEvent(ID, "a1", usd(600)), new DebitReleasedEvent(ID, "a1", usd(600))))
                .when(new ReleaseHoldCommand(ID, "a1", Direction.DEBIT))
                .expectNoEvents();
        fixture.given(OPENED, new CreditReservedEvent(ID, "a1", usd(600)))
                .when(new ReleaseHoldCommand(ID, "a1", Direction.CREDIT))
                .expectEvents(new CreditReleasedEvent(ID, "a1", usd(600)));
    }

    @Test
    void aPendingCreditIsRecordedUnderTheCreditRules() {
        fixture.given(OPENED)
                .when(new HoldCreditCommand(ID, "a1", usd(600)))
                .expectEvents(new CreditReservedEvent(ID, "a1", usd(600)));
        fixture.given(OPENED, new AccountFrozenEvent(ID, "kyc"))
                .when(new HoldCreditCommand(ID, "a1", usd(600)))
                .expectException(LedgerException.class)
                .expectNoEvents();
    }

    @Test
    void freezeAndUnfreeze() {
        fixture.given(OPENED).when(new FreezeAccountCommand(ID, "kyc")).expectEvents(new AccountFrozenEvent(ID, "kyc"));
        fixture.given(OPENED, new AccountFrozenEvent(ID, "kyc")).when(new UnfreezeAccountCommand(ID))
                .expectEvents(new AccountUnfrozenEvent(ID));
    }

    @Test
    void cannotFreezeTwiceOrUnfreezeAnActiveAccount() {
        fixture.given(OPENED, new AccountFrozenEvent(ID, null)).when(new FreezeAccountCommand(ID, null))
                .expectException(LedgerException.class).expectNoEvents();
        fixture.given(OPENED).when(new UnfreezeAccountCommand(ID))
                .expectException(LedgerException.class).expectNoEvents();
    }

    @Test
    void closesOnlyWithZeroPostedAndNoHolds() {
        fixture.given(OPENED).when(new CloseAccountCommand(ID)).expectEvents(new AccountClosedEvent(ID));
        fixture.given(funded(1)).when(new CloseAccountCommand(ID))
                .expectException(LedgerException.class).expectNoEvents();
        fixture.given(OPENED, new CreditReservedEvent(ID, "p1", usd(5))).when(new CloseAccountCommand(ID))
                .expectException(LedgerException.class).expectNoEvents();
        fixture.given(funded(100)).andGiven(new AccountDebitedEvent(ID, "p1", usd(100)))
                .when(new CloseAccountCommand(ID)).expectEvents(new AccountClosedEvent(ID));
    }

    @Test
    void closedIsFinal() {
        fixture.given(OPENED, new AccountClosedEvent(ID)).when(new UnfreezeAccountCommand(ID))
                .expectExceptionMessage("account alice-usd is closed").expectNoEvents();
        fixture.given(OPENED, new AccountClosedEvent(ID)).when(new FreezeAccountCommand(ID, null))
                .expectException(LedgerException.class).expectNoEvents();
    }

    @Test
    void errorCodesAreCarried() {
        try {
            Money.parsePositive("1.001", "USD");
        } catch (LedgerException e) {
            org.junit.jupiter.api.Assertions.assertEquals(ErrorCode.INVALID_AMOUNT, e.code());
            return;
        }
        org.junit.jupiter.api.Assertions.fail("1.001 USD must be refused");
    }
}
