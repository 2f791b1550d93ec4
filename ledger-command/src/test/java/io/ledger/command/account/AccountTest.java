package io.ledger.command.account;

import io.ledger.messages.account.AccountClosedEvent;
import io.ledger.messages.account.AccountFrozenEvent;
import io.ledger.messages.account.AccountOpenedEvent;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.AccountUnfrozenEvent;
import io.ledger.messages.account.CloseAccountCommand;
import io.ledger.messages.account.CreditPostedEvent;
import io.ledger.messages.account.CreditReleasedEvent;
import io.ledger.messages.account.CreditReservationRejectedEvent;
import io.ledger.messages.account.CreditReservedEvent;
import io.ledger.messages.account.DebitPostedEvent;
import io.ledger.messages.account.DebitReleasedEvent;
import io.ledger.messages.account.DebitReservationRejectedEvent;
import io.ledger.messages.account.DebitReservedEvent;
import io.ledger.messages.account.FreezeAccountCommand;
import io.ledger.messages.account.OpenAccountCommand;
import io.ledger.messages.account.PostCreditCommand;
import io.ledger.messages.account.PostDebitCommand;
import io.ledger.messages.account.ReleaseCreditCommand;
import io.ledger.messages.account.ReleaseDebitCommand;
import io.ledger.messages.account.ReserveCreditCommand;
import io.ledger.messages.account.ReservationOutcome;
import io.ledger.messages.account.ReserveDebitCommand;
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

    /** A wallet holding `cents` posted, funded by payment "fund". */
    private static Object[] funded(long cents) {
        return new Object[] {OPENED, new CreditReservedEvent(ID, "fund", usd(cents)), new CreditPostedEvent(ID, "fund", usd(cents))};
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
    void reservesDebitCoveredByPostedBalance() {
        fixture.given(funded(10_000))
                .when(new ReserveDebitCommand(ID, "p1", usd(10_000)))
                .expectEvents(new DebitReservedEvent(ID, "p1", usd(10_000)))
                .expectResultMessagePayload(ReservationOutcome.reserved());
    }

    @Test
    void cannotReserveMoreThanAvailable() {
        fixture.given(funded(10_000))
                .andGiven(new DebitReservedEvent(ID, "p1", usd(6_000)))
                .when(new ReserveDebitCommand(ID, "p2", usd(4_001)))
                .expectEvents(new DebitReservationRejectedEvent(ID, "p2", usd(4_001), RejectionReason.INSUFFICIENT_FUNDS))
                .expectResultMessagePayload(ReservationOutcome.refused(RejectionReason.INSUFFICIENT_FUNDS));
    }

    @Test
    void pendingCreditsAreNotSpendable() {
        fixture.given(OPENED, new CreditReservedEvent(ID, "in", usd(5_000)))
                .when(new ReserveDebitCommand(ID, "p1", usd(1)))
                .expectEvents(new DebitReservationRejectedEvent(ID, "p1", usd(1), RejectionReason.INSUFFICIENT_FUNDS));
    }

    @Test
    void overdraftLimitExtendsAvailable() {
        fixture.given(new AccountOpenedEvent(ID, "alice", "USD", AccountType.MERCHANT, usd(2_000)))
                .when(new ReserveDebitCommand(ID, "p1", usd(2_000)))
                .expectEvents(new DebitReservedEvent(ID, "p1", usd(2_000)));
    }

    @Test
    void systemAccountsMayGoNegativeWithoutLimit() {
        fixture.given(new AccountOpenedEvent("bank", "bank", "USD", AccountType.SYSTEM, ZERO))
                .when(new ReserveDebitCommand("bank", "p1", usd(1_000_000_000L)))
                .expectEvents(new DebitReservedEvent("bank", "p1", usd(1_000_000_000L)));
    }

    @Test
    void frozenAccountTakesNoNewHoldsEitherWay() {
        fixture.given(funded(10_000)).andGiven(new AccountFrozenEvent(ID, "fraud check"))
                .when(new ReserveCreditCommand(ID, "p1", usd(100)))
                .expectEvents(new CreditReservationRejectedEvent(ID, "p1", usd(100), RejectionReason.ACCOUNT_FROZEN));
        fixture.given(funded(10_000)).andGiven(new AccountFrozenEvent(ID, "fraud check"))
                .when(new ReserveDebitCommand(ID, "p1", usd(100)))
                .expectEvents(new DebitReservationRejectedEvent(ID, "p1", usd(100), RejectionReason.ACCOUNT_FROZEN));
    }

    @Test
    void frozenAccountStillSettlesHoldsTakenBefore() {
        fixture.given(funded(10_000))
                .andGiven(new DebitReservedEvent(ID, "p1", usd(100)), new AccountFrozenEvent(ID, null))
                .when(new PostDebitCommand(ID, "p1"))
                .expectEvents(new DebitPostedEvent(ID, "p1", usd(100)));
    }

    @Test
    void frozenAccountStillReleasesHoldsTakenBefore() {
        fixture.given(OPENED, new CreditReservedEvent(ID, "p1", usd(100)), new AccountFrozenEvent(ID, null))
                .when(new ReleaseCreditCommand(ID, "p1"))
                .expectEvents(new CreditReleasedEvent(ID, "p1", usd(100)));
    }

    @Test
    void closedAccountRefusesHolds() {
        fixture.given(OPENED, new AccountClosedEvent(ID))
                .when(new ReserveCreditCommand(ID, "p1", usd(100)))
                .expectEvents(new CreditReservationRejectedEvent(ID, "p1", usd(100), RejectionReason.ACCOUNT_CLOSED));
    }

    @Test
    void currencyMustMatch() {
        fixture.given(funded(10_000))
                .when(new ReserveCreditCommand(ID, "p1", Money.ofMinor(100, "EUR")))
                .expectEvents(new CreditReservationRejectedEvent(ID, "p1", Money.ofMinor(100, "EUR"),
                        RejectionReason.CURRENCY_MISMATCH))
                .expectResultMessagePayload(ReservationOutcome.refused(RejectionReason.CURRENCY_MISMATCH));
    }

    @Test
    void closedTakesPrecedenceOverCurrencyAndFunds() {
        fixture.given(OPENED, new AccountClosedEvent(ID))
                .when(new ReserveDebitCommand(ID, "p1", Money.ofMinor(100, "EUR")))
                .expectEvents(new DebitReservationRejectedEvent(ID, "p1", Money.ofMinor(100, "EUR"),
                        RejectionReason.ACCOUNT_CLOSED));
    }

    @Test
    void aPaymentHoldsOneDebitPerAccount() {
        fixture.given(funded(10_000)).andGiven(new DebitReservedEvent(ID, "p1", usd(100)))
                .when(new ReserveDebitCommand(ID, "p1", usd(100)))
                .expectException(LedgerException.class)
                .expectNoEvents();
    }

    @Test
    void postingNeedsAHold() {
        fixture.given(funded(10_000))
                .when(new PostDebitCommand(ID, "p1"))
                .expectExceptionMessage("payment p1 holds no DEBIT on alice-usd")
                .expectNoEvents();
    }

    @Test
    void postsAndReleasesTheHeldAmount() {
        fixture.given(funded(10_000)).andGiven(new DebitReservedEvent(ID, "p1", usd(250)))
                .when(new ReleaseDebitCommand(ID, "p1"))
                .expectEvents(new DebitReleasedEvent(ID, "p1", usd(250)));
        fixture.given(OPENED, new CreditReservedEvent(ID, "p1", usd(250)))
                .when(new PostCreditCommand(ID, "p1"))
                .expectEvents(new CreditPostedEvent(ID, "p1", usd(250)));
    }

    @Test
    void releasedHoldFreesTheFunds() {
        fixture.given(funded(100))
                .andGiven(new DebitReservedEvent(ID, "p1", usd(100)), new DebitReleasedEvent(ID, "p1", usd(100)))
                .when(new ReserveDebitCommand(ID, "p2", usd(100)))
                .expectEvents(new DebitReservedEvent(ID, "p2", usd(100)));
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
