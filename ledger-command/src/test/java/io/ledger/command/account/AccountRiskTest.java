package io.ledger.command.account;

import io.ledger.messages.account.AccountCreditedEvent;
import io.ledger.messages.account.AccountDebitedEvent;
import io.ledger.messages.account.AccountLimits;
import io.ledger.messages.account.AccountLimitsSetEvent;
import io.ledger.messages.account.AccountOpenedEvent;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.DebitAccountCommand;
import io.ledger.messages.account.DebitRefusedEvent;
import io.ledger.messages.account.DebitReleasedEvent;
import io.ledger.messages.account.DebitReservedEvent;
import io.ledger.messages.account.HoldDebitCommand;
import io.ledger.messages.account.PostingOutcome;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.risk.MatchedRule;
import io.ledger.messages.risk.RiskDecidedEvent;
import io.ledger.messages.risk.RiskDecision;
import io.ledger.messages.risk.RiskOutcome;
import io.ledger.messages.risk.RiskRule;
import io.ledger.messages.risk.RiskRuleKind;
import io.ledger.messages.risk.RiskRuleSet;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Risk rules (ADR 0026), decided by the debtor account after its own rules allowed the debit: each kind of rule,
 * the most severe match winning, the facts recorded with the decision, REVIEW holding instead of posting.
 */
class AccountRiskTest {

    private static final String ID = "alice-usd";
    private static final Instant OPENED_AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant LATER = OPENED_AT.plus(Duration.ofDays(40));
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

    private static RiskRuleSet rules(RiskRule... rules) {
        return new RiskRuleSet(7, List.of(rules));
    }

    private static RiskRule over(String name, long cents, RiskOutcome outcome) {
        return new RiskRule(name, RiskRuleKind.AMOUNT_OVER, outcome, usd(cents), null, null, null, null);
    }

    private static DebitAccountCommand debit(String paymentId, long cents, RiskRuleSet rules) {
        return new DebitAccountCommand(ID, paymentId, usd(cents), "bob-usd", rules);
    }

    private static RiskDecision decision(RiskOutcome outcome, MatchedRule... matched) {
        return new RiskDecision(7, outcome, List.of(matched));
    }

    @Test
    void noMatchPostsTheDebitAndRecordsNoDecision() {
        fixture.givenCurrentTime(LATER).andGiven(OPENED, FUNDED)
                .when(debit("p1", 5_000, rules(over("big", 10_000, RiskOutcome.REVIEW))))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(5_000), "bob-usd"))
                .expectResultMessagePayload(PostingOutcome.judged(RiskDecision.allow(7)));
    }

    @Test
    void aReviewHoldsTheFundsInsteadOfPostingThemAndRecordsWhatTheRuleSaw() {
        RiskDecision review = decision(RiskOutcome.REVIEW,
                new MatchedRule("big", RiskRuleKind.AMOUNT_OVER, RiskOutcome.REVIEW, Map.of("amount", "100.01 USD")));
        fixture.givenCurrentTime(LATER).andGiven(OPENED, FUNDED)
                .when(debit("p1", 10_001, rules(over("big", 10_000, RiskOutcome.REVIEW))))
                .expectEvents(new RiskDecidedEvent(ID, "p1", usd(10_001), review),
                        new DebitReservedEvent(ID, "p1", usd(10_001), "bob-usd"))
                .expectResultMessagePayload(PostingOutcome.judged(review));
    }

    @Test
    void theMostSevereMatchDecidesAndEveryMatchIsRecorded() {
        RiskDecision deny = decision(RiskOutcome.DENY,
                new MatchedRule("big", RiskRuleKind.AMOUNT_OVER, RiskOutcome.REVIEW, Map.of("amount", "500.00 USD")),
                new MatchedRule("huge", RiskRuleKind.AMOUNT_OVER, RiskOutcome.DENY, Map.of("amount", "500.00 USD")));
        fixture.givenCurrentTime(LATER).andGiven(OPENED, FUNDED)
                .when(debit("p1", 50_000, rules(over("big", 10_000, RiskOutcome.REVIEW),
                        over("huge", 40_000, RiskOutcome.DENY))))
                .expectEvents(new RiskDecidedEvent(ID, "p1", usd(50_000), deny),
                        new DebitRefusedEvent(ID, "p1", usd(50_000), RejectionReason.RISK_DENIED))
                .expectResultMessagePayload(PostingOutcome.judged(deny));
    }

    @Test
    void fundsAndLimitsAreDecidedFirstAndTheRulesNeverSeeARefusedPayment() {
        fixture.givenCurrentTime(LATER).andGiven(OPENED)
                .when(debit("p1", 50_000, rules(over("huge", 40_000, RiskOutcome.DENY))))
                .expectEvents(new DebitRefusedEvent(ID, "p1", usd(50_000), RejectionReason.INSUFFICIENT_FUNDS));
        fixture.givenCurrentTime(LATER).andGiven(OPENED, FUNDED,
                        new AccountLimitsSetEvent(ID, new AccountLimits(usd(1_000), List.of())))
                .when(debit("p1", 50_000, rules(over("huge", 40_000, RiskOutcome.DENY))))
                .expectEvents(new DebitRefusedEvent(ID, "p1", usd(50_000), RejectionReason.LIMIT_EXCEEDED));
    }

    @Test
    void aRuleInAnotherCurrencyDoesNotApply() {
        RiskRule eur = new RiskRule("big-eur", RiskRuleKind.AMOUNT_OVER, RiskOutcome.DENY, Money.ofMinor(1, "EUR"),
                null, null, null, null);
        fixture.givenCurrentTime(LATER).andGiven(OPENED, FUNDED)
                .when(debit("p1", 50_000, rules(eur)))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(50_000), "bob-usd"));
    }

    @Test
    void velocityCountsThePaymentsWithinItsMinutesThisOneIncluded() {
        RiskRule threeInTen = new RiskRule("burst", RiskRuleKind.VELOCITY, RiskOutcome.REVIEW, null, 3, 10, null, null);
        Instant now = LATER;
        fixture.givenCurrentTime(now.minus(Duration.ofMinutes(11))).andGiven(OPENED, FUNDED,
                        new AccountDebitedEvent(ID, "old", usd(100)))
                .andGivenCurrentTime(now.minus(Duration.ofMinutes(5)))
                .andGiven(new AccountDebitedEvent(ID, "a", usd(100)), new AccountDebitedEvent(ID, "b", usd(100)))
                .andGivenCurrentTime(now)
                .when(debit("p1", 100, rules(threeInTen)))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(100), "bob-usd"));
        RiskDecision review = decision(RiskOutcome.REVIEW,
                new MatchedRule("burst", RiskRuleKind.VELOCITY, RiskOutcome.REVIEW, Map.of("paymentsInWindow", "4")));
        fixture.givenCurrentTime(now.minus(Duration.ofMinutes(5))).andGiven(OPENED, FUNDED,
                        new AccountDebitedEvent(ID, "a", usd(100)), new AccountDebitedEvent(ID, "b", usd(100)),
                        new AccountDebitedEvent(ID, "c", usd(100)))
                .andGivenCurrentTime(now)
                .when(debit("p1", 100, rules(threeInTen)))
                .expectEvents(new RiskDecidedEvent(ID, "p1", usd(100), review), new DebitReservedEvent(ID, "p1", usd(100), "bob-usd"));
    }

    @Test
    void aNewAccountPayingOutMoreThanAllowedInItsFirstDaysIsReviewed() {
        RiskRule newAccount = new RiskRule("new-account", RiskRuleKind.NEW_ACCOUNT_OUTFLOW, RiskOutcome.REVIEW,
                usd(100_000), null, null, 7, null);
        Instant dayTwo = OPENED_AT.plus(Duration.ofDays(2));
        RiskDecision review = decision(RiskOutcome.REVIEW, new MatchedRule("new-account",
                RiskRuleKind.NEW_ACCOUNT_OUTFLOW, RiskOutcome.REVIEW,
                Map.of("accountAgeHours", "48", "outflowSinceOpened", "1000.01 USD")));
        fixture.givenCurrentTime(OPENED_AT).andGiven(OPENED, FUNDED, new AccountDebitedEvent(ID, "a", usd(60_000)))
                .andGivenCurrentTime(dayTwo)
                .when(debit("p1", 40_001, rules(newAccount)))
                .expectEvents(new RiskDecidedEvent(ID, "p1", usd(40_001), review), new DebitReservedEvent(ID, "p1", usd(40_001), "bob-usd"));
        fixture.givenCurrentTime(OPENED_AT).andGiven(OPENED, FUNDED, new AccountDebitedEvent(ID, "a", usd(60_000)))
                .andGivenCurrentTime(dayTwo)
                .when(debit("p1", 40_000, rules(newAccount)))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(40_000), "bob-usd"));
        // Seven days on, the account is no longer new.
        fixture.givenCurrentTime(OPENED_AT).andGiven(OPENED, FUNDED)
                .andGivenCurrentTime(OPENED_AT.plus(Duration.ofDays(7)))
                .when(debit("p1", 500_000, rules(newAccount)))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(500_000), "bob-usd"));
    }

    @Test
    void aListedCounterpartyIsDenied() {
        RiskRule denyList = new RiskRule("deny-list", RiskRuleKind.COUNTERPARTY_LISTED, RiskOutcome.DENY, null, null,
                null, null, List.of("mule-usd", "bob-usd"));
        RiskDecision deny = decision(RiskOutcome.DENY, new MatchedRule("deny-list", RiskRuleKind.COUNTERPARTY_LISTED,
                RiskOutcome.DENY, Map.of("creditorAccountId", "bob-usd")));
        fixture.givenCurrentTime(LATER).andGiven(OPENED, FUNDED)
                .when(debit("p1", 100, rules(denyList)))
                .expectEvents(new RiskDecidedEvent(ID, "p1", usd(100), deny),
                        new DebitRefusedEvent(ID, "p1", usd(100), RejectionReason.RISK_DENIED));
        fixture.givenCurrentTime(LATER).andGiven(OPENED, FUNDED)
                .when(new DebitAccountCommand(ID, "p1", usd(100), "carol-usd", rules(denyList)))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(100), "carol-usd"));
    }

    /** A payout's beneficiary travels with its hold (ADR 0035); the decision keeps it masked. */
    @Test
    void aPayoutToAListedBeneficiaryIsDeniedAndOnlyAPayoutsHoldIsAsked() {
        RiskRule mules = new RiskRule("mules", RiskRuleKind.BENEFICIARY_LISTED, RiskOutcome.DENY, null, null, null, null,
                List.of("GB82WEST12345698765432"));
        RiskDecision deny = decision(RiskOutcome.DENY, new MatchedRule("mules", RiskRuleKind.BENEFICIARY_LISTED,
                RiskOutcome.DENY, Map.of("beneficiaryIban", "GB82…5432")));
        fixture.givenCurrentTime(LATER).andGiven(OPENED, FUNDED)
                .when(new HoldDebitCommand(ID, "po1", usd(100), "nostro-usd", rules(mules), null,
                        "GB82WEST12345698765432"))
                .expectEvents(new RiskDecidedEvent(ID, "po1", usd(100), deny),
                        new DebitRefusedEvent(ID, "po1", usd(100), RejectionReason.RISK_DENIED));
        fixture.givenCurrentTime(LATER).andGiven(OPENED, FUNDED)
                .when(new HoldDebitCommand(ID, "po1", usd(100), "nostro-usd", rules(mules), null,
                        "DE89370400440532013000"))
                .expectEvents(new DebitReservedEvent(ID, "po1", usd(100), "nostro-usd"));
        // A payment pays an account, not a beneficiary: the list never matches it.
        fixture.givenCurrentTime(LATER).andGiven(OPENED, FUNDED)
                .when(new DebitAccountCommand(ID, "p1", usd(100), "bob-usd", rules(mules)))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(100), "bob-usd"));
    }

    @Test
    void aRuleListingSomethingThatIsNotAnIbanIsRefused() {
        RiskRule notAnIban = new RiskRule("mules", RiskRuleKind.BENEFICIARY_LISTED, RiskOutcome.DENY, null, null, null,
                null, List.of("bob-usd"));
        org.junit.jupiter.api.Assertions.assertThrows(io.ledger.messages.common.LedgerException.class,
                notAnIban::requireValid);
    }

    @Test
    void anAuthorizationsHoldIsJudgedAsADebitIs() {
        RiskDecision review = decision(RiskOutcome.REVIEW,
                new MatchedRule("big", RiskRuleKind.AMOUNT_OVER, RiskOutcome.REVIEW, Map.of("amount", "100.01 USD")));
        fixture.givenCurrentTime(LATER).andGiven(OPENED, FUNDED)
                .when(new HoldDebitCommand(ID, "p1", usd(10_001), "bob-usd", rules(over("big", 10_000, RiskOutcome.REVIEW))))
                .expectEvents(new RiskDecidedEvent(ID, "p1", usd(10_001), review),
                        new DebitReservedEvent(ID, "p1", usd(10_001), "bob-usd"))
                .expectResultMessagePayload(PostingOutcome.judged(review));
    }

    @Test
    void aBankPositionIsJudgedByNoRule() {
        AccountOpenedEvent treasury = new AccountOpenedEvent("treasury-usd", "bank", "USD", AccountType.SYSTEM,
                usd(Long.MAX_VALUE / 4));
        fixture.givenCurrentTime(LATER).andGiven(treasury)
                .when(new DebitAccountCommand("treasury-usd", "p1", usd(50_000), "bob-usd",
                        rules(over("big", 1, RiskOutcome.DENY))))
                .expectEvents(new AccountDebitedEvent("treasury-usd", "p1", usd(50_000), "bob-usd"));
    }

    @Test
    void aDeclinedReviewGivesItsAmountBackToTheLimits() {
        // The held amount counted against the day's limit; released whole, it no longer does.
        AccountLimitsSetEvent daily = new AccountLimitsSetEvent(ID, new AccountLimits(null, List.of(
                new io.ledger.messages.account.WindowLimit(io.ledger.messages.account.LimitWindow.DAY, usd(20_000), null))));
        fixture.givenCurrentTime(LATER).andGiven(OPENED, FUNDED, daily,
                        new DebitReservedEvent(ID, "p1", usd(15_000)), new DebitReleasedEvent(ID, "p1", usd(15_000)))
                .when(debit("p2", 20_000, RiskRuleSet.NONE))
                .expectEvents(new AccountDebitedEvent(ID, "p2", usd(20_000), "bob-usd"));
    }

    @Test
    void aLargeFirstPaymentToANewCounterpartyIsReviewedAndAKnownOneIsNot() {
        RiskRule newPayee = new RiskRule("new-payee", RiskRuleKind.NEW_COUNTERPARTY_OVER, RiskOutcome.REVIEW, usd(10_000),
                null, null, null, null);
        AccountDebitedEvent paidBobBefore = new AccountDebitedEvent(ID, "p0", usd(100), "bob-usd");
        fixture.givenCurrentTime(LATER).andGiven(OPENED, FUNDED, paidBobBefore)
                .when(debit("p1", 50_000, rules(newPayee)))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(50_000), "bob-usd"));
        RiskDecision review = decision(RiskOutcome.REVIEW, new MatchedRule("new-payee", RiskRuleKind.NEW_COUNTERPARTY_OVER,
                RiskOutcome.REVIEW, Map.of("creditorAccountId", "carol-usd", "amount", "500.00 USD")));
        fixture.givenCurrentTime(LATER).andGiven(OPENED, FUNDED, paidBobBefore)
                .when(new DebitAccountCommand(ID, "p1", usd(50_000), "carol-usd", rules(newPayee)))
                .expectEvents(new RiskDecidedEvent(ID, "p1", usd(50_000), review),
                        new DebitReservedEvent(ID, "p1", usd(50_000), "carol-usd"));
        fixture.givenCurrentTime(LATER).andGiven(OPENED, FUNDED, paidBobBefore)
                .when(new DebitAccountCommand(ID, "p1", usd(10_000), "carol-usd", rules(newPayee)))
                .expectEvents(new AccountDebitedEvent(ID, "p1", usd(10_000), "carol-usd"));
    }

    @Test
    void anAccountRemembersItsLast256CounterpartiesAndForgetsTheOldest() {
        Counterparties counterparties = new Counterparties();
        for (int i = 0; i <= Counterparties.KEPT; i++) {
            counterparties.remember("payee-" + i);
        }
        org.junit.jupiter.api.Assertions.assertFalse(counterparties.knows("payee-0"), "the oldest was forgotten");
        org.junit.jupiter.api.Assertions.assertTrue(counterparties.knows("payee-1"));
        org.junit.jupiter.api.Assertions.assertTrue(counterparties.knows("payee-" + Counterparties.KEPT));
        counterparties.remember("payee-1");
        counterparties.remember("payee-new");
        org.junit.jupiter.api.Assertions.assertTrue(counterparties.knows("payee-1"), "paying a known one again adds nothing");
        org.junit.jupiter.api.Assertions.assertFalse(counterparties.knows("payee-2"), "the next oldest made room");
    }
}
