package io.ledger.command.payment;

import io.ledger.command.PublishedRiskRules;
import io.ledger.messages.payment.HoldForReviewCommand;
import io.ledger.messages.risk.RiskDecision;
import io.ledger.messages.risk.RiskOutcome;
import io.ledger.messages.risk.RiskRule;
import io.ledger.messages.risk.RiskRuleSet;
import io.ledger.messages.account.AccountDebitedEvent;
import io.ledger.messages.account.CheckCreditCommand;
import io.ledger.messages.account.CheckOwnerLimitsCommand;
import io.ledger.messages.account.CountOwnerUsageCommand;
import io.ledger.messages.account.OwnerVerdict;
import io.ledger.messages.account.CreditAccountCommand;
import io.ledger.messages.account.DebitAccountCommand;
import io.ledger.messages.account.HoldCreditCommand;
import io.ledger.messages.account.HoldDebitCommand;
import io.ledger.messages.account.PostingOutcome;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payment.AuthorizePaymentCommand;
import io.ledger.messages.payment.CaptureMode;
import io.ledger.messages.payment.CompleteReversalCommand;
import io.ledger.messages.payment.ExpirePaymentCommand;
import io.ledger.messages.payment.FailReversalCommand;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payment.RejectPaymentCommand;
import io.ledger.messages.payment.SettlePaymentCommand;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The settlement saga's rules. Account behaviour is simulated by answering the credit checks and
 * debits it sends; the clock is moved by hand to make deadlines pass at each step.
 */
class PaymentSagaTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Money AMOUNT = Money.ofMinor(15_000, "USD");
    private static final String P = "p1";
    private static final PaymentInitiatedEvent INITIATED = new PaymentInitiatedEvent(P, "alice-usd", "bob-usd", AMOUNT,
            null, "k", "fp", "alice", null);
    private static final PaymentInitiatedEvent MANUAL = new PaymentInitiatedEvent(P, "alice-usd", "bob-usd", AMOUNT,
            null, "k", "fp", "alice", null, CaptureMode.MANUAL, Instant.parse("2030-01-01T00:00:00Z"));
    private static final PaymentInitiatedEvent REVERSAL = new PaymentInitiatedEvent(P, "bob-usd", "alice-usd", AMOUNT,
            null, null, null, "clerk", "p0");

    private static final String OWNER = "owner:ref:USD";

    private SagaTestFixture<PaymentSaga> fixture;
    /** What the owner's limits answer; whether the debtor's owner has limits (the debtor then asks for them). */
    private boolean ownerWithin = true;
    private boolean ownerLimited;
    private final PublishedRiskRules risk = new PublishedRiskRules();
    private MutableClock clock;
    /** How each account answers a credit check or a debit; unlisted accounts accept. */
    private final Map<String, Answer> accounts = new HashMap<>();

    interface Answer {
        PostingOutcome answer() throws Exception;
    }

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(PaymentSaga.class);
        clock = MutableClock.of(Instant.now(), ZoneOffset.UTC);
        fixture.registerResource(new SettlementSettings(TIMEOUT, clock));
        fixture.registerResource(risk);
        fixture.setCallbackBehavior((payload, metaData) -> {
            if (payload instanceof CheckOwnerLimitsCommand owner) {
                return new OwnerVerdict(owner.ownerKey(), ownerWithin);
            }
            if (ownerLimited && (payload instanceof DebitAccountCommand d && d.owner() == null
                    || payload instanceof HoldDebitCommand h && h.owner() == null)) {
                return PostingOutcome.askOwnerFirst(OWNER);
            }
            String account = payload instanceof DebitAccountCommand d ? d.accountId()
                    : payload instanceof CheckCreditCommand c ? c.accountId()
                    : payload instanceof HoldDebitCommand h ? h.accountId() : null;
            if (account == null) {
                return null;
            }
            Answer answer = accounts.get(account);
            return answer == null ? PostingOutcome.accepted() : answer.answer();
        });
    }

    private void refuses(String account, RejectionReason reason) {
        accounts.put(account, () -> PostingOutcome.refused(reason));
    }

    private void missing(String account) {
        accounts.put(account, () -> {
            throw new AggregateNotFoundException(account, "no account " + account);
        });
    }

    /** The account accepts, but so slowly that the deadline passes meanwhile. */
    private void slow(String account) {
        accounts.put(account, () -> {
            clock.add(TIMEOUT.plusSeconds(1));
            return PostingOutcome.accepted();
        });
    }

    @Test
    void checksTheCreditorThenDebitsAndCreditsAndSettlesInOneStep() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(INITIATED)
                .expectDispatchedCommands(
                        new CheckCreditCommand("bob-usd", P, AMOUNT),
                        new DebitAccountCommand("alice-usd", P, AMOUNT, "bob-usd", RiskRuleSet.NONE),
                        new CreditAccountCommand("bob-usd", P, AMOUNT),
                        new SettlePaymentCommand(P))
                .expectActiveSagas(0);
    }

    /** The debtor asks for its owner's verdict (ADR 0034): asked, the debit again with it, counted after. */
    @Test
    void aDebtorWhoseOwnerHasLimitsHasTheOwnerAskedAndTheOwnerCountsWhatItAccepts() {
        ownerLimited = true;
        DebitAccountCommand debit = new DebitAccountCommand("alice-usd", P, AMOUNT, "bob-usd", RiskRuleSet.NONE);
        fixture.givenNoPriorActivity()
                .whenPublishingA(INITIATED)
                .expectDispatchedCommands(
                        new CheckCreditCommand("bob-usd", P, AMOUNT),
                        debit,
                        new CheckOwnerLimitsCommand(OWNER, P, AMOUNT),
                        debit.withOwner(new OwnerVerdict(OWNER, true)),
                        new CountOwnerUsageCommand(OWNER, P, AMOUNT),
                        new CreditAccountCommand("bob-usd", P, AMOUNT),
                        new SettlePaymentCommand(P))
                .expectActiveSagas(0);
    }

    /** The debtor weighs the owner's answer among its own limits; what it refuses the owner does not count. */
    @Test
    void anOwnerOverItsLimitsHasTheDebtorRefuseAndCountsNothing() {
        ownerLimited = true;
        ownerWithin = false;
        refuses("alice-usd", RejectionReason.LIMIT_EXCEEDED);
        HoldDebitCommand hold = new HoldDebitCommand("alice-usd", P, AMOUNT, "bob-usd", RiskRuleSet.NONE);
        fixture.givenNoPriorActivity()
                .whenPublishingA(MANUAL)
                .expectDispatchedCommands(
                        new CheckCreditCommand("bob-usd", P, AMOUNT),
                        hold,
                        new CheckOwnerLimitsCommand(OWNER, P, AMOUNT),
                        hold.withOwner(new OwnerVerdict(OWNER, false)),
                        new RejectPaymentCommand(P, RejectionReason.LIMIT_EXCEEDED))
                .expectActiveSagas(0);
    }

    @Test
    void aManualPaymentHoldsBothSidesAndWaitsAuthorizedInOneStep() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(MANUAL)
                .expectDispatchedCommands(
                        new CheckCreditCommand("bob-usd", P, AMOUNT),
                        new HoldDebitCommand("alice-usd", P, AMOUNT, "bob-usd", RiskRuleSet.NONE),
                        new HoldCreditCommand("bob-usd", P, AMOUNT),
                        new AuthorizePaymentCommand(P))
                .expectActiveSagas(0);
    }

    @Test
    void aRefusedHoldRejectsTheAuthorizationWithItsReasonAndHoldsNothingElse() {
        refuses("alice-usd", RejectionReason.INSUFFICIENT_FUNDS);
        fixture.givenNoPriorActivity()
                .whenPublishingA(MANUAL)
                .expectDispatchedCommands(
                        new CheckCreditCommand("bob-usd", P, AMOUNT),
                        new HoldDebitCommand("alice-usd", P, AMOUNT, "bob-usd", RiskRuleSet.NONE),
                        new RejectPaymentCommand(P, RejectionReason.INSUFFICIENT_FUNDS))
                .expectActiveSagas(0);
    }

    @Test
    void refusedDebitRejectsThePaymentWithItsReasonAndCreditsNothing() {
        refuses("alice-usd", RejectionReason.INSUFFICIENT_FUNDS);
        fixture.givenNoPriorActivity()
                .whenPublishingA(INITIATED)
                .expectDispatchedCommands(
                        new CheckCreditCommand("bob-usd", P, AMOUNT),
                        new DebitAccountCommand("alice-usd", P, AMOUNT, "bob-usd", RiskRuleSet.NONE),
                        new RejectPaymentCommand(P, RejectionReason.INSUFFICIENT_FUNDS))
                .expectActiveSagas(0);
    }

    @Test
    void missingDebtorRejectsWithAccountNotFound() {
        missing("alice-usd");
        fixture.givenNoPriorActivity()
                .whenPublishingA(INITIATED)
                .expectDispatchedCommands(
                        new CheckCreditCommand("bob-usd", P, AMOUNT),
                        new DebitAccountCommand("alice-usd", P, AMOUNT, "bob-usd", RiskRuleSet.NONE),
                        new RejectPaymentCommand(P, RejectionReason.ACCOUNT_NOT_FOUND));
    }

    @Test
    void refusedCreditRejectsBeforeAnythingIsDebited() {
        refuses("bob-usd", RejectionReason.ACCOUNT_FROZEN);
        fixture.givenNoPriorActivity()
                .whenPublishingA(INITIATED)
                .expectDispatchedCommands(
                        new CheckCreditCommand("bob-usd", P, AMOUNT),
                        new RejectPaymentCommand(P, RejectionReason.ACCOUNT_FROZEN))
                .expectActiveSagas(0);
    }

    @Test
    void missingCreditorRejectsBeforeAnythingIsDebited() {
        missing("bob-usd");
        fixture.givenNoPriorActivity()
                .whenPublishingA(INITIATED)
                .expectDispatchedCommands(
                        new CheckCreditCommand("bob-usd", P, AMOUNT),
                        new RejectPaymentCommand(P, RejectionReason.ACCOUNT_NOT_FOUND));
    }

    @Test
    void paymentReachedAfterItsDeadlineExpiresWithoutAskingAnyAccount() {
        clock.add(TIMEOUT);
        fixture.givenNoPriorActivity()
                .whenPublishingA(INITIATED)
                .expectDispatchedCommands(new ExpirePaymentCommand(P))
                .expectActiveSagas(0);
    }

    @Test
    void deadlinePassingDuringTheCreditCheckExpiresWithNothingDebited() {
        slow("bob-usd");
        fixture.givenNoPriorActivity()
                .whenPublishingA(INITIATED)
                .expectDispatchedCommands(
                        new CheckCreditCommand("bob-usd", P, AMOUNT),
                        new ExpirePaymentCommand(P))
                .expectActiveSagas(0);
    }

    @Test
    void deadlinePassingAfterTheDebitStillSettles() {
        slow("alice-usd");
        fixture.givenNoPriorActivity()
                .whenPublishingA(INITIATED)
                .expectDispatchedCommands(
                        new CheckCreditCommand("bob-usd", P, AMOUNT),
                        new DebitAccountCommand("alice-usd", P, AMOUNT, "bob-usd", RiskRuleSet.NONE),
                        new CreditAccountCommand("bob-usd", P, AMOUNT),
                        new SettlePaymentCommand(P));
    }

    @Test
    void deadlineOnlyJustAheadStillSettles() {
        clock.add(TIMEOUT.minusMillis(1));
        fixture.givenNoPriorActivity()
                .whenPublishingA(INITIATED)
                .expectDispatchedCommands(
                        new CheckCreditCommand("bob-usd", P, AMOUNT),
                        new DebitAccountCommand("alice-usd", P, AMOUNT, "bob-usd", RiskRuleSet.NONE),
                        new CreditAccountCommand("bob-usd", P, AMOUNT),
                        new SettlePaymentCommand(P));
    }

    @Test
    void settledReversalCompletesTheOriginal() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(REVERSAL)
                .expectDispatchedCommands(
                        new CheckCreditCommand("alice-usd", P, AMOUNT),
                        new DebitAccountCommand("bob-usd", P, AMOUNT, "alice-usd", RiskRuleSet.NONE),
                        new CreditAccountCommand("alice-usd", P, AMOUNT),
                        new SettlePaymentCommand(P),
                        new CompleteReversalCommand("p0", P));
    }

    @Test
    void rejectedReversalLeavesTheOriginalSettled() {
        refuses("bob-usd", RejectionReason.INSUFFICIENT_FUNDS);
        fixture.givenNoPriorActivity()
                .whenPublishingA(REVERSAL)
                .expectDispatchedCommands(
                        new CheckCreditCommand("alice-usd", P, AMOUNT),
                        new DebitAccountCommand("bob-usd", P, AMOUNT, "alice-usd", RiskRuleSet.NONE),
                        new RejectPaymentCommand(P, RejectionReason.INSUFFICIENT_FUNDS),
                        new FailReversalCommand("p0", P, "INSUFFICIENT_FUNDS"));
    }

    @Test
    void expiredReversalLeavesTheOriginalSettled() {
        clock.add(TIMEOUT.plusSeconds(5));
        fixture.givenNoPriorActivity()
                .whenPublishingA(REVERSAL)
                .expectDispatchedCommands(new ExpirePaymentCommand(P), new FailReversalCommand("p0", P, "EXPIRED"));
    }

    @Test
    void accountEventsAloneStartNothing() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(new AccountDebitedEvent("alice-usd", P, AMOUNT))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    // Risk rules (ADR 0026): the saga sends the version the payment arrived under; the account decides.

    private static RiskRule over(String name, long cents, RiskOutcome outcome) {
        return PublishedRiskRules.amountOver(name, cents, "USD", outcome);
    }

    private static PaymentInitiatedEvent judgedBy(int version, CaptureMode mode) {
        return new PaymentInitiatedEvent(P, "alice-usd", "bob-usd", AMOUNT, null, "k", "fp", "alice", null, mode,
                mode == CaptureMode.MANUAL ? Instant.parse("2030-01-01T00:00:00Z") : null, null, null, version);
    }

    private RiskDecision answers(String account, RiskOutcome outcome) {
        RiskDecision decision = PublishedRiskRules.bigMatched(outcome, "150.00 USD");
        accounts.put(account, () -> PostingOutcome.judged(decision));
        return decision;
    }

    @Test
    void aPaymentIsJudgedByTheRulesOfTheVersionItArrivedUnderNotALaterOne() {
        risk.publish(List.of(over("big", 10_000, RiskOutcome.REVIEW)));
        risk.publish(List.of(over("bigger", 100_000, RiskOutcome.DENY)));
        fixture.givenNoPriorActivity()
                .whenPublishingA(judgedBy(1, CaptureMode.AUTOMATIC))
                .expectDispatchedCommands(
                        new CheckCreditCommand("bob-usd", P, AMOUNT),
                        new DebitAccountCommand("alice-usd", P, AMOUNT, "bob-usd", risk.version(1)),
                        new CreditAccountCommand("bob-usd", P, AMOUNT),
                        new SettlePaymentCommand(P));
    }

    @Test
    void aReviewHoldsTheCreditorsSideTooAndThePaymentWaitsUntilItsDeadline() {
        risk.publish(List.of(over("big", 10_000, RiskOutcome.REVIEW)));
        RiskDecision review = answers("alice-usd", RiskOutcome.REVIEW);
        fixture.givenNoPriorActivity()
                .whenPublishingA(judgedBy(1, CaptureMode.AUTOMATIC))
                .expectDispatchedCommands(
                        new CheckCreditCommand("bob-usd", P, AMOUNT),
                        new DebitAccountCommand("alice-usd", P, AMOUNT, "bob-usd", risk.version(1)),
                        new HoldCreditCommand("bob-usd", P, AMOUNT),
                        new HoldForReviewCommand(P, review, clock.instant().plus(PublishedRiskRules.REVIEW_WITHIN)))
                .expectActiveSagas(0);
    }

    @Test
    void anAuthorizationSentToReviewWaitsInReviewToo() {
        risk.publish(List.of(over("big", 10_000, RiskOutcome.REVIEW)));
        RiskDecision review = answers("alice-usd", RiskOutcome.REVIEW);
        fixture.givenNoPriorActivity()
                .whenPublishingA(judgedBy(1, CaptureMode.MANUAL))
                .expectDispatchedCommands(
                        new CheckCreditCommand("bob-usd", P, AMOUNT),
                        new HoldDebitCommand("alice-usd", P, AMOUNT, "bob-usd", risk.version(1)),
                        new HoldCreditCommand("bob-usd", P, AMOUNT),
                        new HoldForReviewCommand(P, review, clock.instant().plus(PublishedRiskRules.REVIEW_WITHIN)));
    }

    @Test
    void aDenialRejectsThePaymentWithRiskDenied() {
        risk.publish(List.of(over("big", 10_000, RiskOutcome.DENY)));
        answers("alice-usd", RiskOutcome.DENY);
        fixture.givenNoPriorActivity()
                .whenPublishingA(judgedBy(1, CaptureMode.AUTOMATIC))
                .expectDispatchedCommands(
                        new CheckCreditCommand("bob-usd", P, AMOUNT),
                        new DebitAccountCommand("alice-usd", P, AMOUNT, "bob-usd", risk.version(1)),
                        new RejectPaymentCommand(P, RejectionReason.RISK_DENIED));
    }

    @Test
    void rulesThatCannotBeReadStopTheSettlementBeforeAnyDebit() {
        // Version 3 was never published here: the step fails before any debit (the processor's error handler
        // propagates it and retries); the payment is neither rejected nor settled.
        fixture.givenNoPriorActivity()
                .whenPublishingA(judgedBy(3, CaptureMode.AUTOMATIC))
                .expectDispatchedCommands(new CheckCreditCommand("bob-usd", P, AMOUNT));
    }
}
