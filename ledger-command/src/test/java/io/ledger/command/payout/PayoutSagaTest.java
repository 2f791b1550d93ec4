package io.ledger.command.payout;

import io.ledger.messages.account.CheckCreditCommand;
import io.ledger.messages.account.CheckOwnerLimitsCommand;
import io.ledger.messages.account.CountOwnerUsageCommand;
import io.ledger.messages.account.OwnerVerdict;
import io.ledger.messages.account.CreditAccountCommand;
import io.ledger.messages.account.DebitAccountCommand;
import io.ledger.messages.account.Direction;
import io.ledger.messages.account.HoldCreditCommand;
import io.ledger.messages.account.HoldDebitCommand;
import io.ledger.messages.account.PostHoldCommand;
import io.ledger.messages.account.PostingOutcome;
import io.ledger.messages.account.ReleaseHoldCommand;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payout.BankResult;
import io.ledger.messages.payout.Beneficiary;
import io.ledger.messages.payout.BookPayoutReturnCommand;
import io.ledger.messages.payout.DeclinePayoutReviewCommand;
import io.ledger.messages.payout.HoldPayoutForReviewCommand;
import io.ledger.messages.payout.InstructPayoutCommand;
import io.ledger.messages.payout.MarkPayoutOverdueCommand;
import io.ledger.messages.payout.PayoutBankResultReportedEvent;
import io.ledger.messages.payout.PayoutInitiatedEvent;
import io.ledger.messages.payout.PayoutReviewApprovedEvent;
import io.ledger.messages.payout.PayoutReviewDeclinedEvent;
import io.ledger.messages.payout.RefusePayoutCommand;
import io.ledger.messages.payout.ReleasePayoutCommand;
import io.ledger.messages.payout.SettlePayoutCommand;
import io.ledger.command.PublishedRiskRules;
import io.ledger.messages.risk.RiskDecision;
import io.ledger.messages.risk.RiskOutcome;
import io.ledger.messages.risk.RiskRule;
import io.ledger.messages.risk.RiskRuleSet;
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
 * The payout saga's paths: hold and instruct, refuse, accept, reject (the compensation), return, overdue.
 * Accounts are simulated by answering the checks, debits and holds the saga sends.
 */
class PayoutSagaTest {

    private static final Duration ANSWER_WITHIN = Duration.ofHours(24);
    private static final Money AMOUNT = Money.ofMinor(25_000, "EUR");
    private static final String ID = "po1";
    private static final String DEBTOR = "alice-eur";
    private static final String CLEARING = "nostro-eur";
    private static final String IBAN = "DE89370400440532013000";
    private static final String DEBTOR_OWNER = "owner:ref:EUR";
    /** The debtor's owner's limits, when it has them: the debtor then asks for their verdict. */
    private String debtorOwner;
    private static final PayoutInitiatedEvent INITIATED = new PayoutInitiatedEvent(ID, DEBTOR, CLEARING, AMOUNT,
            new Beneficiary("Carol", "DE89370400440532013000", null), "rent", "k", "fp", "alice", null);

    private SagaTestFixture<PayoutSaga> fixture;
    private MutableClock clock;
    private final Map<String, RejectionReason> refusing = new HashMap<>();
    private final Map<String, RiskDecision> judging = new HashMap<>();
    private final PublishedRiskRules risk = new PublishedRiskRules();

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(PayoutSaga.class);
        clock = MutableClock.of(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        fixture.registerResource(new PayoutSettings(ANSWER_WITHIN, clock));
        fixture.registerResource(risk);
        fixture.setCallbackBehavior((payload, metaData) -> {
            if (payload instanceof CheckOwnerLimitsCommand owner) {
                return new OwnerVerdict(owner.ownerKey(), true);
            }
            if (payload instanceof HoldDebitCommand h && h.owner() == null && DEBTOR_OWNER.equals(debtorOwner)) {
                return PostingOutcome.askOwnerFirst(DEBTOR_OWNER);
            }
            String account = payload instanceof DebitAccountCommand d ? d.accountId()
                    : payload instanceof CheckCreditCommand c ? c.accountId()
                    : payload instanceof HoldDebitCommand h ? h.accountId() : null;
            if (account == null) {
                return null;
            }
            RejectionReason refusal = refusing.get(account);
            if (refusal != null) {
                return PostingOutcome.refused(refusal);
            }
            RiskDecision decision = payload instanceof HoldDebitCommand ? judging.get(account) : null;
            return decision == null ? PostingOutcome.accepted() : PostingOutcome.judged(decision);
        });
    }

    private Instant answerBy() {
        return clock.instant().plus(ANSWER_WITHIN);
    }

    private PayoutBankResultReportedEvent reported(BankResult result, String reference, String reason) {
        return new PayoutBankResultReportedEvent(ID, result, reference, reason, "bank", DEBTOR, CLEARING, AMOUNT);
    }

    @Test
    void holdsTheFundsInstructsAndWaitsWithADeadline() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(INITIATED)
                .expectActiveSagas(1)
                .expectDispatchedCommands(
                        new CheckCreditCommand(CLEARING, ID, AMOUNT),
                        new HoldDebitCommand(DEBTOR, ID, AMOUNT, CLEARING, RiskRuleSet.NONE, null, IBAN),
                        new HoldCreditCommand(CLEARING, ID, AMOUNT),
                        new InstructPayoutCommand(ID, answerBy()))
                .expectScheduledDeadlineWithName(answerBy(), PayoutSaga.ANSWER_DUE);
    }

    /** A payout counts against its debtor's owner's limits as a payment does (ADR 0034). */
    @Test
    void aDebtorWhoseOwnerHasLimitsHasTheOwnerAskedAndTheOwnerCountsTheHold() {
        debtorOwner = DEBTOR_OWNER;
        HoldDebitCommand hold = new HoldDebitCommand(DEBTOR, ID, AMOUNT, CLEARING, RiskRuleSet.NONE, null, IBAN);
        fixture.givenNoPriorActivity()
                .whenPublishingA(INITIATED)
                .expectActiveSagas(1)
                .expectDispatchedCommands(
                        new CheckCreditCommand(CLEARING, ID, AMOUNT),
                        hold,
                        new CheckOwnerLimitsCommand(DEBTOR_OWNER, ID, AMOUNT),
                        hold.withOwner(new OwnerVerdict(DEBTOR_OWNER, true)),
                        new CountOwnerUsageCommand(DEBTOR_OWNER, ID, AMOUNT),
                        new HoldCreditCommand(CLEARING, ID, AMOUNT),
                        new InstructPayoutCommand(ID, answerBy()));
    }

    @Test
    void aDebtorWithoutTheFundsRefusesThePayoutAndTheSagaEnds() {
        refusing.put(DEBTOR, RejectionReason.INSUFFICIENT_FUNDS);
        fixture.givenNoPriorActivity()
                .whenPublishingA(INITIATED)
                .expectActiveSagas(0)
                .expectDispatchedCommands(
                        new CheckCreditCommand(CLEARING, ID, AMOUNT),
                        new HoldDebitCommand(DEBTOR, ID, AMOUNT, CLEARING, RiskRuleSet.NONE, null, IBAN),
                        new RefusePayoutCommand(ID, RejectionReason.INSUFFICIENT_FUNDS))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aClearingAccountThatRefusesTheCreditHoldsNothing() {
        refusing.put(CLEARING, RejectionReason.ACCOUNT_FROZEN);
        fixture.givenNoPriorActivity()
                .whenPublishingA(INITIATED)
                .expectActiveSagas(0)
                .expectDispatchedCommands(
                        new CheckCreditCommand(CLEARING, ID, AMOUNT),
                        new RefusePayoutCommand(ID, RejectionReason.ACCOUNT_FROZEN));
    }

    @Test
    void anAcceptancePostsBothHoldsSettlesAndEnds() {
        fixture.givenAPublished(INITIATED)
                .whenPublishingA(reported(BankResult.ACCEPTED, "BANKREF-1", null))
                .expectActiveSagas(0)
                .expectDispatchedCommands(
                        new PostHoldCommand(DEBTOR, ID, Direction.DEBIT, AMOUNT),
                        new PostHoldCommand(CLEARING, ID, Direction.CREDIT, AMOUNT),
                        new SettlePayoutCommand(ID))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aRejectionReleasesBothHoldsTheCompensationAndEnds() {
        fixture.givenAPublished(INITIATED)
                .whenPublishingA(reported(BankResult.REJECTED, null, "AC04"))
                .expectActiveSagas(0)
                .expectDispatchedCommands(
                        new ReleaseHoldCommand(DEBTOR, ID, Direction.DEBIT),
                        new ReleaseHoldCommand(CLEARING, ID, Direction.CREDIT),
                        new ReleasePayoutCommand(ID))
                .expectNoScheduledDeadlines();
    }

    @Test
    void noAnswerInTimeMakesThePayoutOverdueAndTheSagaKeepsWaiting() {
        fixture.givenAPublished(INITIATED)
                .whenTimeElapses(ANSWER_WITHIN.plusSeconds(1))
                .expectTriggeredDeadlinesWithName(PayoutSaga.ANSWER_DUE)
                .expectDispatchedCommands(new MarkPayoutOverdueCommand(ID))
                .expectActiveSagas(1);
    }

    @Test
    void anAnswerAfterTheDeadlineStillSettles() throws Exception {
        fixture.givenAPublished(INITIATED)
                .andThenTimeElapses(ANSWER_WITHIN.plusSeconds(1))
                .whenPublishingA(reported(BankResult.ACCEPTED, "LATE-1", null))
                .expectActiveSagas(0)
                .expectDispatchedCommands(
                        new PostHoldCommand(DEBTOR, ID, Direction.DEBIT, AMOUNT),
                        new PostHoldCommand(CLEARING, ID, Direction.CREDIT, AMOUNT),
                        new SettlePayoutCommand(ID));
    }

    @Test
    void aReturnStartsASagaOfItsOwnThatBooksNewEntriesAndEnds() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(reported(BankResult.RETURNED, "RET-1", "AC06"))
                .expectActiveSagas(0)
                .expectDispatchedCommands(
                        new CheckCreditCommand(DEBTOR, ID, AMOUNT),
                        new DebitAccountCommand(CLEARING, ID, AMOUNT),
                        new CreditAccountCommand(DEBTOR, ID, AMOUNT),
                        new BookPayoutReturnCommand(ID, null));
    }

    @Test
    void aReturnToAClosedAccountBooksNothingAndSaysWhy() {
        refusing.put(DEBTOR, RejectionReason.ACCOUNT_CLOSED);
        fixture.givenNoPriorActivity()
                .whenPublishingA(reported(BankResult.RETURNED, null, "AC06"))
                .expectActiveSagas(0)
                .expectDispatchedCommands(
                        new CheckCreditCommand(DEBTOR, ID, AMOUNT),
                        new BookPayoutReturnCommand(ID, RejectionReason.ACCOUNT_CLOSED));
    }

    // Risk rules (ADR 0026): a payout's hold is judged by the version it arrived under, like a payment's debit.

    private static PayoutInitiatedEvent judgedBy(int version) {
        return new PayoutInitiatedEvent(ID, DEBTOR, CLEARING, AMOUNT, INITIATED.beneficiary(), "rent", "k", "fp",
                "alice", version);
    }

    private static RiskRule over(String name, long cents, RiskOutcome outcome) {
        return PublishedRiskRules.amountOver(name, cents, "EUR", outcome);
    }

    private RiskDecision answers(RiskOutcome outcome) {
        RiskDecision decision = PublishedRiskRules.bigMatched(outcome, "100.00 EUR");
        judging.put(DEBTOR, decision);
        return decision;
    }

    /** Version 1 holds payouts over 100.00 for review, and the debtor's account answers that it matched. */
    private RiskDecision sentToReview() {
        risk.publish(List.of(over("big", 10_000, RiskOutcome.REVIEW)));
        return answers(RiskOutcome.REVIEW);
    }

    @Test
    void theHoldIsJudgedByTheRulesOfTheVersionThePayoutArrivedUnder() {
        risk.publish(List.of(over("big", 10_000, RiskOutcome.REVIEW)));
        risk.publish(List.of(over("bigger", 100_000, RiskOutcome.DENY)));
        fixture.givenNoPriorActivity()
                .whenPublishingA(judgedBy(1))
                .expectActiveSagas(1)
                .expectDispatchedCommands(
                        new CheckCreditCommand(CLEARING, ID, AMOUNT),
                        new HoldDebitCommand(DEBTOR, ID, AMOUNT, CLEARING, risk.version(1), null, IBAN),
                        new HoldCreditCommand(CLEARING, ID, AMOUNT),
                        new InstructPayoutCommand(ID, answerBy()));
    }

    @Test
    void aDenialRefusesThePayoutWithRiskDenied() {
        risk.publish(List.of(over("big", 10_000, RiskOutcome.DENY)));
        answers(RiskOutcome.DENY);
        fixture.givenNoPriorActivity()
                .whenPublishingA(judgedBy(1))
                .expectActiveSagas(0)
                .expectDispatchedCommands(
                        new CheckCreditCommand(CLEARING, ID, AMOUNT),
                        new HoldDebitCommand(DEBTOR, ID, AMOUNT, CLEARING, risk.version(1), null, IBAN),
                        new RefusePayoutCommand(ID, RejectionReason.RISK_DENIED))
                .expectNoScheduledDeadlines();
    }

    /** A REVIEW holds both sides and waits for an analyst, with a deadline; nothing is instructed yet (ADR 0033). */
    @Test
    void aReviewHoldsBothSidesAndWaitsForAnAnalystUntilItsDeadline() {
        RiskDecision review = sentToReview();
        Instant decideBy = clock.instant().plus(PublishedRiskRules.REVIEW_WITHIN);
        fixture.givenNoPriorActivity()
                .whenPublishingA(judgedBy(1))
                .expectActiveSagas(1)
                .expectDispatchedCommands(
                        new CheckCreditCommand(CLEARING, ID, AMOUNT),
                        new HoldDebitCommand(DEBTOR, ID, AMOUNT, CLEARING, risk.version(1), null, IBAN),
                        new HoldCreditCommand(CLEARING, ID, AMOUNT),
                        new HoldPayoutForReviewCommand(ID, review, decideBy))
                .expectScheduledDeadlineWithName(decideBy, PayoutSaga.REVIEW_DUE);
    }

    @Test
    void anApprovedPayoutIsInstructedAndTheReviewDeadlineCancelled() {
        sentToReview();
        fixture.givenAPublished(judgedBy(1))
                .whenPublishingA(new PayoutReviewApprovedEvent(ID, "analyst"))
                .expectActiveSagas(1)
                .expectDispatchedCommands(new InstructPayoutCommand(ID, answerBy()))
                .expectScheduledDeadlineWithName(answerBy(), PayoutSaga.ANSWER_DUE)
                .expectNoScheduledDeadlineWithName(clock.instant().plus(PublishedRiskRules.REVIEW_WITHIN),
                        PayoutSaga.REVIEW_DUE);
    }

    @Test
    void aDeclinedPayoutReleasesBothHoldsAndTheSagaEnds() {
        sentToReview();
        fixture.givenAPublished(judgedBy(1))
                .whenPublishingA(new PayoutReviewDeclinedEvent(ID, "analyst"))
                .expectActiveSagas(0)
                .expectDispatchedCommands(
                        new ReleaseHoldCommand(DEBTOR, ID, Direction.DEBIT),
                        new ReleaseHoldCommand(CLEARING, ID, Direction.CREDIT))
                .expectNoScheduledDeadlines();
    }

    @Test
    void nobodyDecidingInTimeDeclinesThePayout() {
        sentToReview();
        fixture.givenAPublished(judgedBy(1))
                .whenTimeElapses(PublishedRiskRules.REVIEW_WITHIN.plusSeconds(1))
                .expectTriggeredDeadlinesWithName(PayoutSaga.REVIEW_DUE)
                .expectDispatchedCommands(new DeclinePayoutReviewCommand(ID, null));
    }
}
