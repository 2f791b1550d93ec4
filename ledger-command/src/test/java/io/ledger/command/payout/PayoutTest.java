package io.ledger.command.payout;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.payout.ApprovePayoutReviewCommand;
import io.ledger.messages.payout.DeclinePayoutReviewCommand;
import io.ledger.messages.payout.HoldPayoutForReviewCommand;
import io.ledger.messages.payout.PayoutHeldForReviewEvent;
import io.ledger.messages.payout.PayoutReviewApprovedEvent;
import io.ledger.messages.payout.PayoutReviewDeclinedEvent;
import io.ledger.messages.risk.RiskDecision;
import io.ledger.messages.risk.RiskOutcome;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payout.BankResult;
import io.ledger.messages.payout.Beneficiary;
import io.ledger.messages.payout.BookPayoutReturnCommand;
import io.ledger.messages.payout.InitiatePayoutCommand;
import io.ledger.messages.payout.InstructPayoutCommand;
import io.ledger.messages.payout.MarkPayoutOverdueCommand;
import io.ledger.messages.payout.PayoutBankResultReportedEvent;
import io.ledger.messages.payout.PayoutInitiatedEvent;
import io.ledger.messages.payout.PayoutInstructedEvent;
import io.ledger.messages.payout.PayoutOverdueEvent;
import io.ledger.messages.payout.PayoutReceipt;
import io.ledger.messages.payout.PayoutRefusedEvent;
import io.ledger.messages.payout.PayoutRejectedEvent;
import io.ledger.messages.payout.PayoutReturnRefusedEvent;
import io.ledger.messages.payout.PayoutReturnedEvent;
import io.ledger.messages.payout.PayoutSettledEvent;
import io.ledger.messages.payout.PayoutStatus;
import io.ledger.messages.payout.RecallPayoutCommand;
import io.ledger.messages.payout.RefusePayoutCommand;
import io.ledger.messages.payout.ReleasePayoutCommand;
import io.ledger.messages.payout.ReportBankResultCommand;
import io.ledger.messages.payout.SettlePayoutCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.ledger.command.Refusals.refused;

/** The payout's transitions and the bank's answers: one answer per instruction, a replay is not a second one. */
class PayoutTest {

    private static final String ID = "po1";
    private static final Money AMOUNT = Money.ofMinor(25_000, "EUR");
    private static final Beneficiary CAROL = new Beneficiary("Carol", "DE89370400440532013000", "COBADEFFXXX");
    private static final Instant ANSWER_BY = Instant.parse("2026-12-02T10:00:00Z");
    private static final PayoutInitiatedEvent INITIATED = new PayoutInitiatedEvent(ID, "alice-eur", "nostro-eur", AMOUNT,
            CAROL, "rent", "k", "fp", "alice", null);
    private static final PayoutInstructedEvent INSTRUCTED = new PayoutInstructedEvent(ID, "alice-eur", "nostro-eur",
            AMOUNT, ANSWER_BY);

    private AggregateTestFixture<Payout> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payout.class);
    }

    private static ReportBankResultCommand report(BankResult result, String reference, String reason) {
        return new ReportBankResultCommand(ID, result, reference, reason, "bank");
    }

    private static PayoutBankResultReportedEvent reported(BankResult result, String reference, String reason) {
        return new PayoutBankResultReportedEvent(ID, result, reference, reason, "bank", "alice-eur", "nostro-eur", AMOUNT);
    }

    @Test
    void initiatesPending() {
        fixture.givenNoPriorActivity()
                .when(new InitiatePayoutCommand(ID, "alice-eur", "nostro-eur", AMOUNT, CAROL, "rent", "k", "fp", "alice"))
                .expectEvents(INITIATED)
                .expectResultMessagePayload(new PayoutReceipt(ID, PayoutStatus.PENDING, false));
    }

    @Test
    void refusesANonPositiveAmountAndTheClearingAccountAsDebtor() {
        fixture.givenNoPriorActivity()
                .when(new InitiatePayoutCommand(ID, "alice-eur", "nostro-eur", Money.ofMinor(0, "EUR"), CAROL, null, "k",
                        "fp", "alice"))
                .expectException(LedgerException.class).expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new InitiatePayoutCommand(ID, "nostro-eur", "nostro-eur", AMOUNT, CAROL, null, "k", "fp", "alice"))
                .expectException(LedgerException.class).expectNoEvents();
    }

    @Test
    void aReplayWithAnotherBodyIsRefused() {
        fixture.given(INITIATED)
                .when(new RecallPayoutCommand(ID, "other"))
                .expectException(LedgerException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("different payout request"));
        fixture.given(INITIATED)
                .when(new RecallPayoutCommand(ID, "fp"))
                .expectResultMessagePayload(new PayoutReceipt(ID, PayoutStatus.PENDING, true));
    }

    @Test
    void instructsOrRefusesOnlyWhilePending() {
        fixture.given(INITIATED).when(new InstructPayoutCommand(ID, ANSWER_BY)).expectEvents(INSTRUCTED);
        fixture.given(INITIATED).when(new RefusePayoutCommand(ID, RejectionReason.INSUFFICIENT_FUNDS))
                .expectEvents(new PayoutRefusedEvent(ID, RejectionReason.INSUFFICIENT_FUNDS));
        fixture.given(INITIATED, INSTRUCTED).when(new InstructPayoutCommand(ID, ANSWER_BY))
                .expectException(LedgerException.class).expectNoEvents();
    }

    @Test
    void anAcceptanceIsRecordedThenBookedOnce() {
        fixture.given(INITIATED, INSTRUCTED)
                .when(report(BankResult.ACCEPTED, "REF1", null))
                .expectEvents(reported(BankResult.ACCEPTED, "REF1", null));
        fixture.given(INITIATED, INSTRUCTED, reported(BankResult.ACCEPTED, "REF1", null))
                .when(new SettlePayoutCommand(ID))
                .expectEvents(new PayoutSettledEvent(ID, "alice-eur", "nostro-eur", AMOUNT, "REF1"));
        fixture.given(INITIATED, INSTRUCTED, reported(BankResult.ACCEPTED, "REF1", null),
                        new PayoutSettledEvent(ID, "alice-eur", "nostro-eur", AMOUNT, "REF1"))
                .when(new SettlePayoutCommand(ID))
                .expectException(LedgerException.class).expectNoEvents();
    }

    @Test
    void theSameAnswerAgainIsAReplayAndADifferentOneAConflict() {
        fixture.given(INITIATED, INSTRUCTED, reported(BankResult.ACCEPTED, "REF1", null))
                .when(report(BankResult.ACCEPTED, "REF1", null))
                .expectNoEvents()
                .expectResultMessagePayload(new PayoutReceipt(ID, PayoutStatus.INSTRUCTED, true));
        fixture.given(INITIATED, INSTRUCTED, reported(BankResult.ACCEPTED, "REF1", null))
                .when(report(BankResult.REJECTED, null, "AC04"))
                .expectNoEvents()
                .expectException(refused(ErrorCode.BANK_RESULT_CONFLICT));
        fixture.given(INITIATED, INSTRUCTED, reported(BankResult.REJECTED, null, "AC04"),
                        new PayoutRejectedEvent(ID, "AC04"))
                .when(report(BankResult.ACCEPTED, "REF2", null))
                .expectNoEvents()
                .expectException(refused(ErrorCode.BANK_RESULT_CONFLICT));
    }

    @Test
    void noAnswerBeforeTheInstructionAndNoReturnBeforeTheSettlement() {
        fixture.given(INITIATED)
                .when(report(BankResult.ACCEPTED, "REF1", null))
                .expectNoEvents()
                .expectException(refused(ErrorCode.PAYOUT_NOT_AWAITING_RESULT));
        fixture.given(INITIATED, INSTRUCTED)
                .when(report(BankResult.RETURNED, null, "AC06"))
                .expectNoEvents()
                .expectException(refused(ErrorCode.PAYOUT_NOT_AWAITING_RESULT));
        fixture.given(INITIATED, new PayoutRefusedEvent(ID, RejectionReason.INSUFFICIENT_FUNDS))
                .when(report(BankResult.ACCEPTED, "REF1", null))
                .expectNoEvents()
                .expectException(refused(ErrorCode.PAYOUT_NOT_AWAITING_RESULT));
    }

    @Test
    void anOverduePayoutStillTakesAnAnswer() {
        fixture.given(INITIATED, INSTRUCTED)
                .when(new MarkPayoutOverdueCommand(ID))
                .expectEvents(new PayoutOverdueEvent(ID, null));
        fixture.given(INITIATED, INSTRUCTED, new PayoutOverdueEvent(ID, null))
                .when(report(BankResult.REJECTED, null, "AM04"))
                .expectEvents(reported(BankResult.REJECTED, null, "AM04"));
        fixture.given(INITIATED, INSTRUCTED, reported(BankResult.REJECTED, null, "AM04"))
                .when(new ReleasePayoutCommand(ID))
                .expectEvents(new PayoutRejectedEvent(ID, "AM04"));
    }

    @Test
    void theDeadlineAfterAnAnswerChangesNothing() {
        fixture.given(INITIATED, INSTRUCTED, reported(BankResult.ACCEPTED, "REF1", null))
                .when(new MarkPayoutOverdueCommand(ID))
                .expectNoEvents();
    }

    @Test
    void aReturnIsBookedOrRefusedAndARefusedOneMayBeReportedAgain() {
        PayoutSettledEvent settled = new PayoutSettledEvent(ID, "alice-eur", "nostro-eur", AMOUNT, "REF1");
        PayoutBankResultReportedEvent accepted = reported(BankResult.ACCEPTED, "REF1", null);
        PayoutBankResultReportedEvent returned = reported(BankResult.RETURNED, null, "AC06");
        fixture.given(INITIATED, INSTRUCTED, accepted, settled)
                .when(report(BankResult.RETURNED, null, "AC06"))
                .expectEvents(returned);
        fixture.given(INITIATED, INSTRUCTED, accepted, settled, returned)
                .when(new BookPayoutReturnCommand(ID, null))
                .expectEvents(new PayoutReturnedEvent(ID, "alice-eur", "nostro-eur", AMOUNT, "AC06"));
        fixture.given(INITIATED, INSTRUCTED, accepted, settled, returned)
                .when(new BookPayoutReturnCommand(ID, RejectionReason.ACCOUNT_CLOSED))
                .expectEvents(new PayoutReturnRefusedEvent(ID, RejectionReason.ACCOUNT_CLOSED));
        fixture.given(INITIATED, INSTRUCTED, accepted, settled, returned,
                        new PayoutReturnRefusedEvent(ID, RejectionReason.ACCOUNT_CLOSED))
                .when(report(BankResult.RETURNED, null, "AC06"))
                .expectEvents(returned);
        fixture.given(INITIATED, INSTRUCTED, accepted, settled, returned,
                        new PayoutReturnedEvent(ID, "alice-eur", "nostro-eur", AMOUNT, "AC06"))
                .when(report(BankResult.RETURNED, null, "AC07"))
                .expectNoEvents()
                .expectException(refused(ErrorCode.BANK_RESULT_CONFLICT));
    }

    // Reviews (ADR 0033): a payout a risk rule sent to review waits IN_REVIEW; an analyst or its deadline decides once.

    private static final RiskDecision REVIEW = new RiskDecision(1, RiskOutcome.REVIEW, List.of());
    private static final Instant DECIDE_BY = Instant.parse("2026-12-01T14:00:00Z");
    private static final PayoutHeldForReviewEvent HELD = new PayoutHeldForReviewEvent(ID, "alice-eur", "nostro-eur",
            AMOUNT, REVIEW, DECIDE_BY);

    @Test
    void aPendingPayoutWaitsInReviewAndAnApprovalLetsItBeInstructed() {
        fixture.given(INITIATED)
                .when(new HoldPayoutForReviewCommand(ID, REVIEW, DECIDE_BY))
                .expectEvents(HELD);
        fixture.given(INITIATED, HELD)
                .when(new ApprovePayoutReviewCommand(ID, "analyst"))
                .expectEvents(new PayoutReviewApprovedEvent(ID, "analyst"));
        fixture.given(INITIATED, HELD, new PayoutReviewApprovedEvent(ID, "analyst"))
                .when(new InstructPayoutCommand(ID, ANSWER_BY))
                .expectEvents(INSTRUCTED);
    }

    @Test
    void aPayoutInReviewIsNotInstructedAndIsDecidedOnce() {
        fixture.given(INITIATED, HELD)
                .when(new InstructPayoutCommand(ID, ANSWER_BY))
                .expectException(LedgerException.class).expectNoEvents();
        fixture.given(INITIATED, HELD)
                .when(new DeclinePayoutReviewCommand(ID, null))
                .expectEvents(new PayoutReviewDeclinedEvent(ID, null));
        fixture.given(INITIATED, HELD, new PayoutReviewDeclinedEvent(ID, "analyst"))
                .when(new ApprovePayoutReviewCommand(ID, "other"))
                .expectException(LedgerException.class)
                .expectExceptionMessage("payout po1 is REJECTED, not IN_REVIEW").expectNoEvents();
        fixture.given(INITIATED, INSTRUCTED)
                .when(new DeclinePayoutReviewCommand(ID, "analyst"))
                .expectException(LedgerException.class).expectNoEvents();
    }
}
