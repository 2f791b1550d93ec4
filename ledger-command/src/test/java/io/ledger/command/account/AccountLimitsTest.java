package io.ledger.command.account;

import io.ledger.messages.account.AccountCreditedEvent;
import io.ledger.messages.account.AccountDebitedEvent;
import io.ledger.messages.account.AccountLimits;
import io.ledger.messages.account.AccountLimitsSetEvent;
import io.ledger.messages.account.AccountOpenedEvent;
import io.ledger.messages.account.AccountFrozenEvent;
import io.ledger.messages.account.AccountOwnerLimitsAssignedEvent;
import io.ledger.messages.account.CreditAccountCommand;
import io.ledger.messages.account.LimitGiveBack;
import io.ledger.messages.account.OpenAccountCommand;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.Direction;
import io.ledger.messages.account.OwnerGiveBack;
import io.ledger.messages.account.OwnerVerdict;
import io.ledger.messages.account.PostHoldCommand;
import io.ledger.messages.account.ReleaseHoldCommand;
import io.ledger.messages.account.DebitAccountCommand;
import io.ledger.messages.account.DebitRefusedEvent;
import io.ledger.messages.account.DebitReleasedEvent;
import io.ledger.messages.account.DebitReservedEvent;
import io.ledger.messages.account.DebitPostedEvent;
import io.ledger.messages.account.HoldDebitCommand;
import io.ledger.messages.account.LimitWindow;
import io.ledger.messages.account.PostingOutcome;
import io.ledger.messages.account.SetAccountLimitsCommand;
import io.ledger.messages.account.WindowLimit;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** An account's limits (issue 21), decided with its funds: per payment, per window, given back when released. */
class AccountLimitsTest {

    private static final String ID = "alice-usd";
    private static final Instant T0 = Instant.parse("2026-12-01T10:30:00Z");
    private static final AccountOpenedEvent OPENED =
            new AccountOpenedEvent(ID, "alice", "USD", AccountType.WALLET, Money.zero("USD"));
    private static final AccountCreditedEvent FUNDED = new AccountCreditedEvent(ID, "fund", usd(1_000_000));

    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
    }

    private static Money usd(long cents) {
        return Money.ofMinor(cents, "USD");
    }

    private static AccountLimitsSetEvent limits(Money perPayment, WindowLimit... windows) {
        return new AccountLimitsSetEvent(ID, new AccountLimits(perPayment, List.of(windows)));
    }

    private static DebitRefusedEvent refused(String paymentId, long cents) {
        return new DebitRefusedEvent(ID, paymentId, usd(cents), RejectionReason.LIMIT_EXCEEDED);
    }

    @Test
    void aPaymentAboveThePerPaymentLimitIsRefused() {
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, limits(usd(10_000)))
                .when(new DebitAccountCommand(ID, "p1", usd(10_001)))
                .expectEvents(refused("p1", 10_001))
                .expectResultMessagePayload(PostingOutcome.refused(RejectionReason.LIMIT_EXCEEDED));
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, limits(usd(10_000)))
                .when(new DebitAccountCommand(ID, "p1", usd(10_000)))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(10_000)));
    }

    @Test
    void theDaysAmountCountsWhatWasPaidBefore() {
        AccountLimitsSetEvent daily = limits(null, new WindowLimit(LimitWindow.DAY, usd(50_000), null));
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, daily, new AccountDebitedEvent(ID, "p1", usd(30_000)))
                .when(new DebitAccountCommand(ID, "p2", usd(20_001)))
                .expectEvents(refused("p2", 20_001));
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, daily, new AccountDebitedEvent(ID, "p1", usd(30_000)))
                .when(new DebitAccountCommand(ID, "p2", usd(20_000)))
                .expectEvents(new AccountDebitedEvent(ID, "p2", usd(20_000)));
    }

    @Test
    void paymentsBeforeTheLimitWasSetCountToo() {
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, new AccountDebitedEvent(ID, "p1", usd(30_000)),
                        limits(null, new WindowLimit(LimitWindow.DAY, usd(50_000), null)))
                .when(new DebitAccountCommand(ID, "p2", usd(20_001)))
                .expectEvents(refused("p2", 20_001));
    }

    @Test
    void theCountLimitsHowManyPayments() {
        AccountLimitsSetEvent twoADay = limits(null, new WindowLimit(LimitWindow.DAY, null, 2));
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, twoADay,
                        new AccountDebitedEvent(ID, "p1", usd(1)), new AccountDebitedEvent(ID, "p2", usd(1)))
                .when(new DebitAccountCommand(ID, "p3", usd(1)))
                .expectEvents(refused("p3", 1));
    }

    @Test
    void aHoldCountsAndIsRefusedByTheSameLimits() {
        AccountLimitsSetEvent daily = limits(null, new WindowLimit(LimitWindow.DAY, usd(50_000), null));
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, daily, new DebitReservedEvent(ID, "h1", usd(40_000)))
                .when(new HoldDebitCommand(ID, "h2", usd(10_001)))
                .expectEvents(refused("h2", 10_001));
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, daily, new DebitReservedEvent(ID, "h1", usd(40_000)))
                .when(new DebitAccountCommand(ID, "p2", usd(10_001)))
                .expectEvents(refused("p2", 10_001));
    }

    @Test
    void aReleasedHoldGivesItsAmountAndItsPaymentBack() {
        AccountLimitsSetEvent oneADay = limits(null, new WindowLimit(LimitWindow.DAY, usd(50_000), 1));
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, oneADay,
                        new DebitReservedEvent(ID, "h1", usd(50_000)), new DebitReleasedEvent(ID, "h1", usd(50_000)))
                .when(new DebitAccountCommand(ID, "p2", usd(50_000)))
                .expectEvents(new AccountDebitedEvent(ID, "p2", usd(50_000)));
    }

    @Test
    void aCaptureOfLessGivesTheRestBackButThePaymentStillCounts() {
        AccountLimitsSetEvent daily = limits(null, new WindowLimit(LimitWindow.DAY, usd(50_000), 2));
        Object[] captured = {OPENED, FUNDED, daily, new DebitReservedEvent(ID, "h1", usd(50_000)),
                new DebitReleasedEvent(ID, "h1", usd(30_000)), new DebitPostedEvent(ID, "h1", usd(20_000))};
        fixture.givenCurrentTime(T0).andGiven(captured)
                .when(new DebitAccountCommand(ID, "p2", usd(30_000)))
                .expectEvents(new AccountDebitedEvent(ID, "p2", usd(30_000)));
        fixture.givenCurrentTime(T0).andGiven(captured).andGiven(new AccountDebitedEvent(ID, "p2", usd(1)))
                .when(new DebitAccountCommand(ID, "p3", usd(1)))
                .expectEvents(refused("p3", 1));
    }

    @Test
    void theWindowRollsOnButNeverCoversLessThanItsLength() {
        AccountLimitsSetEvent daily = limits(null, new WindowLimit(LimitWindow.DAY, usd(50_000), null));
        // 10:30 yesterday is within the day window at 10:29 today...
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, daily, new AccountDebitedEvent(ID, "p1", usd(50_000)))
                .andGivenCurrentTime(T0.plus(Duration.ofHours(24)).minusSeconds(60))
                .when(new DebitAccountCommand(ID, "p2", usd(1)))
                .expectEvents(refused("p2", 1));
        // ...and still counted in the hour after (windows are whole hours, never shorter than 24 of them)...
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, daily, new AccountDebitedEvent(ID, "p1", usd(50_000)))
                .andGivenCurrentTime(T0.plus(Duration.ofHours(24)).plusSeconds(60))
                .when(new DebitAccountCommand(ID, "p2", usd(1)))
                .expectEvents(refused("p2", 1));
        // ...but not once the next hour began: the weekly window still would count it.
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, daily, new AccountDebitedEvent(ID, "p1", usd(50_000)))
                .andGivenCurrentTime(T0.plus(Duration.ofHours(25)))
                .when(new DebitAccountCommand(ID, "p2", usd(50_000)))
                .expectEvents(new AccountDebitedEvent(ID, "p2", usd(50_000)));
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED,
                        limits(null, new WindowLimit(LimitWindow.WEEK, usd(50_000), null)),
                        new AccountDebitedEvent(ID, "p1", usd(50_000)))
                .andGivenCurrentTime(T0.plus(Duration.ofDays(6)))
                .when(new DebitAccountCommand(ID, "p2", usd(1)))
                .expectEvents(refused("p2", 1));
    }

    @Test
    void limitsComeAfterStatusAndCurrencyAndBeforeFunds() {
        fixture.givenCurrentTime(T0).andGiven(OPENED, limits(usd(100)))
                .when(new DebitAccountCommand(ID, "p1", usd(101)))
                .expectEvents(refused("p1", 101));
    }

    @Test
    void creditsAreNeverLimited() {
        fixture.givenCurrentTime(T0).andGiven(OPENED, limits(usd(1), new WindowLimit(LimitWindow.DAY, usd(1), 0)))
                .when(new io.ledger.messages.account.CreditAccountCommand(ID, "c1", usd(1_000)))
                .expectEvents(new AccountCreditedEvent(ID, "c1", usd(1_000)));
    }

    @Test
    void theBackOfficeSetsAndRemovesLimits() {
        AccountLimits limits = new AccountLimits(usd(100), List.of(new WindowLimit(LimitWindow.DAY, usd(500), 5)));
        fixture.given(OPENED)
                .when(new SetAccountLimitsCommand(ID, limits))
                .expectEvents(new AccountLimitsSetEvent(ID, limits));
        fixture.given(OPENED, new AccountLimitsSetEvent(ID, limits))
                .when(new SetAccountLimitsCommand(ID, AccountLimits.NONE))
                .expectEvents(new AccountLimitsSetEvent(ID, AccountLimits.NONE));
        fixture.given(OPENED, new AccountLimitsSetEvent(ID, limits), new AccountLimitsSetEvent(ID, AccountLimits.NONE))
                .when(new DebitAccountCommand(ID, "p1", usd(0)))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(0)));
    }

    @Test
    void limitsThatCannotBeMeantAreRefused() {
        refusedWith(new AccountLimits(Money.ofMinor(100, "EUR"), List.of()), ErrorCode.CURRENCY_MISMATCH);
        refusedWith(new AccountLimits(usd(-1), List.of()), ErrorCode.INVALID_AMOUNT);
        refusedWith(new AccountLimits(null, List.of(new WindowLimit(LimitWindow.DAY, usd(1), null),
                new WindowLimit(LimitWindow.DAY, usd(2), null))), ErrorCode.VALIDATION_FAILED);
        refusedWith(new AccountLimits(null, List.of(new WindowLimit(LimitWindow.DAY, null, null))),
                ErrorCode.VALIDATION_FAILED);
        refusedWith(new AccountLimits(null, List.of(new WindowLimit(LimitWindow.WEEK, null, -1))),
                ErrorCode.VALIDATION_FAILED);
        fixture.given(new AccountOpenedEvent(ID, "bank", "USD", AccountType.SYSTEM, Money.zero("USD")))
                .when(new SetAccountLimitsCommand(ID, new AccountLimits(usd(1), List.of())))
                .expectException(LedgerException.class)
                .expectNoEvents();
    }

    private void refusedWith(AccountLimits limits, ErrorCode code) {
        fixture.given(OPENED)
                .when(new SetAccountLimitsCommand(ID, limits))
                .expectException(LedgerException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.any(String.class))
                .expectNoEvents();
        try {
            limits.requireValidFor("USD");
            throw new AssertionError("accepted " + limits);
        } catch (LedgerException refused) {
            org.junit.jupiter.api.Assertions.assertEquals(code, refused.code());
        }
    }

    // Limits per account type (issue 21): published with the risk rules, sent with the debit, counted by the account.

    private static io.ledger.messages.risk.RiskRuleSet typeLimits(AccountType type, AccountLimits limits) {
        return new io.ledger.messages.risk.RiskRuleSet(4, List.of(),
                java.util.Map.of(io.ledger.messages.risk.RiskRuleSet.typeKey(type, "USD"), limits));
    }

    @Test
    void theLimitsOfTheAccountsTypeApplyBesidesItsOwn() {
        var wallets = typeLimits(AccountType.WALLET, new AccountLimits(usd(10_000),
                List.of(new WindowLimit(LimitWindow.DAY, null, 2))));
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED)
                .when(new DebitAccountCommand(ID, "p1", usd(10_001), "bob-usd", wallets))
                .expectEvents(refused("p1", 10_001));
        // Its own looser limit does not lift the type's: both must allow.
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, limits(usd(50_000)))
                .when(new DebitAccountCommand(ID, "p1", usd(10_001), "bob-usd", wallets))
                .expectEvents(refused("p1", 10_001));
        // The type's day window counts what the account paid, though the account has no window of its own.
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, new AccountDebitedEvent(ID, "a", usd(1)),
                        new AccountDebitedEvent(ID, "b", usd(1)))
                .when(new DebitAccountCommand(ID, "p1", usd(1), "bob-usd", wallets))
                .expectEvents(refused("p1", 1));
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, new AccountDebitedEvent(ID, "a", usd(1)))
                .when(new DebitAccountCommand(ID, "p1", usd(1), "bob-usd", wallets))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(1), "bob-usd"));
    }

    @Test
    void anotherTypesOrCurrencysLimitsDoNotApply() {
        var merchants = typeLimits(AccountType.MERCHANT, new AccountLimits(usd(1), List.of()));
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED)
                .when(new DebitAccountCommand(ID, "p1", usd(10_001), "bob-usd", merchants))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(10_001), "bob-usd"));
        var euroWallets = new io.ledger.messages.risk.RiskRuleSet(4, List.of(), java.util.Map.of("WALLET:EUR",
                new AccountLimits(Money.ofMinor(1, "EUR"), List.of())));
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED)
                .when(new DebitAccountCommand(ID, "p1", usd(10_001), "bob-usd", euroWallets))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(10_001), "bob-usd"));
    }

    // Limits per owner (ADR 0034): the owner decides, the debtor weighs its answer and remembers it on a hold.

    private static final String OWNER = "owner:ref:USD";
    private static final AccountOwnerLimitsAssignedEvent ASSIGNED = new AccountOwnerLimitsAssignedEvent(ID, OWNER);

    @Test
    void anAccountOpenedForAnOwnerWithLimitsIsDecidedByThemFromItsFirstDebit() {
        fixture.givenCurrentTime(T0).andGiven(List.of())
                .when(new OpenAccountCommand(ID, "alice", AccountType.WALLET, Money.zero("USD"), OWNER))
                .expectEvents(OPENED, ASSIGNED);
    }

    @Test
    void aDebitWithoutItsOwnersVerdictIsNotDecidedAndRecordsNothing() {
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, ASSIGNED)
                .when(new DebitAccountCommand(ID, "p1", usd(100), "bob-usd", null))
                .expectNoEvents()
                .expectResultMessagePayload(PostingOutcome.askOwnerFirst(OWNER));
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, ASSIGNED)
                .when(new HoldDebitCommand(ID, "p1", usd(100), "bob-usd", null))
                .expectNoEvents()
                .expectResultMessagePayload(PostingOutcome.askOwnerFirst(OWNER));
    }

    @Test
    void anOwnersRefusalIsLimitExceededAfterTheAccountsOwnStateAndNothingMoves() {
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, ASSIGNED)
                .when(new DebitAccountCommand(ID, "p1", usd(100), "bob-usd", null, new OwnerVerdict(OWNER, false)))
                .expectEvents(refused("p1", 100))
                .expectResultMessagePayload(PostingOutcome.refused(RejectionReason.LIMIT_EXCEEDED));
        // A frozen debtor says so first, whatever its owner said.
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, ASSIGNED, new AccountFrozenEvent(ID, "fraud"))
                .when(new DebitAccountCommand(ID, "p1", usd(100), "bob-usd", null, new OwnerVerdict(OWNER, false)))
                .expectEvents(new DebitRefusedEvent(ID, "p1", usd(100), RejectionReason.ACCOUNT_FROZEN));
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, ASSIGNED)
                .when(new DebitAccountCommand(ID, "p1", usd(100), "bob-usd", null, new OwnerVerdict(OWNER, true)))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(100), "bob-usd"));
    }

    @Test
    void aReversalsCreditGivesBackToTheOwnerToo() {
        Instant counted = Instant.parse("2026-12-01T09:10:00Z");
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, ASSIGNED)
                .when(new CreditAccountCommand(ID, "r1", usd(100), new LimitGiveBack("p1", counted)))
                .expectEvents(new AccountCreditedEvent(ID, "r1", usd(100), new LimitGiveBack("p1", counted, OWNER)));
    }

    @Test
    void aBankPositionTakesNoOwnersLimits() {
        fixture.givenCurrentTime(T0).andGiven(List.of())
                .when(new OpenAccountCommand("bank-usd", "bank", AccountType.SYSTEM, Money.zero("USD"), OWNER))
                .expectException(LedgerException.class);
    }

    @Test
    void aHoldTheOwnerCountedGivesBackToTheOwnerWhenReleasedAndTheRestOfAPartialCapture() {
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, ASSIGNED)
                .when(new HoldDebitCommand(ID, "p1", usd(100), "bob-usd", null, new OwnerVerdict(OWNER, true), null))
                .expectEvents(new DebitReservedEvent(ID, "p1", usd(100), "bob-usd", OWNER));
        Instant hour = Instant.parse("2026-12-01T10:00:00Z");
        DebitReservedEvent held = new DebitReservedEvent(ID, "p1", usd(100), "bob-usd", OWNER);
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, held)
                .when(new ReleaseHoldCommand(ID, "p1", Direction.DEBIT))
                .expectEvents(new DebitReleasedEvent(ID, "p1", usd(100), new OwnerGiveBack(OWNER, hour, true)));
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, held)
                .when(new PostHoldCommand(ID, "p1", Direction.DEBIT, usd(60)))
                .expectEvents(new DebitReleasedEvent(ID, "p1", usd(40), new OwnerGiveBack(OWNER, hour, false)),
                        new DebitPostedEvent(ID, "p1", usd(60)));
        // A hold no owner counted owes no owner anything.
        fixture.givenCurrentTime(T0).andGiven(OPENED, FUNDED, new DebitReservedEvent(ID, "p1", usd(100), "bob-usd"))
                .when(new ReleaseHoldCommand(ID, "p1", Direction.DEBIT))
                .expectEvents(new DebitReleasedEvent(ID, "p1", usd(100)));
    }
}
