package io.ledger.command.payment;

import io.ledger.messages.account.CreditPostedEvent;
import io.ledger.messages.account.CreditReleasedEvent;
import io.ledger.messages.account.CreditReservationRejectedEvent;
import io.ledger.messages.account.CreditReservedEvent;
import io.ledger.messages.account.DebitPostedEvent;
import io.ledger.messages.account.DebitReleasedEvent;
import io.ledger.messages.account.DebitReservationRejectedEvent;
import io.ledger.messages.account.DebitReservedEvent;
import io.ledger.messages.account.PostCreditCommand;
import io.ledger.messages.account.PostDebitCommand;
import io.ledger.messages.account.ReleaseCreditCommand;
import io.ledger.messages.account.ReleaseDebitCommand;
import io.ledger.messages.account.ReserveCreditCommand;
import io.ledger.messages.account.ReserveDebitCommand;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payment.CompleteReversalCommand;
import io.ledger.messages.payment.ExpirePaymentCommand;
import io.ledger.messages.payment.FailReversalCommand;
import io.ledger.messages.payment.PaymentExpiredEvent;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payment.PaymentRejectedEvent;
import io.ledger.messages.payment.PaymentSettledEvent;
import io.ledger.messages.payment.RejectPaymentCommand;
import io.ledger.messages.payment.SettlePaymentCommand;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

class PaymentSagaTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Money AMOUNT = Money.ofMinor(15_000, "USD");
    private static final String P = "p1";
    private static final PaymentInitiatedEvent INITIATED = new PaymentInitiatedEvent(P, "alice-usd", "bob-usd", AMOUNT,
            null, "k", "fp", "alice", null);
    private static final PaymentInitiatedEvent REVERSAL = new PaymentInitiatedEvent(P, "bob-usd", "alice-usd", AMOUNT,
            null, null, null, "clerk", "p0");

    private SagaTestFixture<PaymentSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(PaymentSaga.class);
        fixture.registerResource(new SettlementSettings(TIMEOUT));
    }

    private void accountsMissing(String... ids) {
        fixture.setCallbackBehavior((payload, metaData) -> {
            for (String id : ids) {
                if ((payload instanceof ReserveDebitCommand d && d.accountId().equals(id))
                        || (payload instanceof ReserveCreditCommand c && c.accountId().equals(id))) {
                    throw new AggregateNotFoundException(id, "no account " + id);
                }
            }
            return null;
        });
    }

    @Test
    void startsByHoldingTheDebitUnderADeadline() {
        fixture.givenNoPriorActivity()
                .whenAggregate(P).publishes(INITIATED)
                .expectActiveSagas(1)
                .expectDispatchedCommands(new ReserveDebitCommand("alice-usd", P, AMOUNT))
                .expectScheduledDeadlineWithName(TIMEOUT, PaymentSaga.SETTLEMENT_DEADLINE);
    }

    @Test
    void heldDebitLeadsToPendingCredit() {
        fixture.givenAggregate(P).published(INITIATED)
                .whenAggregate("alice-usd").publishes(new DebitReservedEvent("alice-usd", P, AMOUNT))
                .expectDispatchedCommands(new ReserveCreditCommand("bob-usd", P, AMOUNT));
    }

    @Test
    void refusedDebitRejectsThePaymentWithItsReason() {
        fixture.givenAggregate(P).published(INITIATED)
                .whenAggregate("alice-usd").publishes(new DebitReservationRejectedEvent("alice-usd", P, AMOUNT,
                        RejectionReason.INSUFFICIENT_FUNDS))
                .expectDispatchedCommands(new RejectPaymentCommand(P, RejectionReason.INSUFFICIENT_FUNDS));
    }

    @Test
    void missingDebtorRejectsWithAccountNotFound() {
        accountsMissing("alice-usd");
        fixture.givenNoPriorActivity()
                .whenAggregate(P).publishes(INITIATED)
                .expectDispatchedCommands(new ReserveDebitCommand("alice-usd", P, AMOUNT),
                        new RejectPaymentCommand(P, RejectionReason.ACCOUNT_NOT_FOUND));
    }

    @Test
    void creditFailureReleasesTheHold() {
        fixture.givenAggregate(P).published(INITIATED)
                .andThenAggregate("alice-usd").published(new DebitReservedEvent("alice-usd", P, AMOUNT))
                .whenAggregate("bob-usd").publishes(new CreditReservationRejectedEvent("bob-usd", P, AMOUNT,
                        RejectionReason.ACCOUNT_FROZEN))
                .expectDispatchedCommands(new ReleaseDebitCommand("alice-usd", P));
    }

    @Test
    void paymentIsRejectedOnlyAfterEveryHoldIsReleased() {
        fixture.givenAggregate(P).published(INITIATED)
                .andThenAggregate("alice-usd").published(new DebitReservedEvent("alice-usd", P, AMOUNT))
                .andThenAggregate("bob-usd").published(new CreditReservationRejectedEvent("bob-usd", P, AMOUNT,
                        RejectionReason.CURRENCY_MISMATCH))
                .whenAggregate("alice-usd").publishes(new DebitReleasedEvent("alice-usd", P, AMOUNT))
                .expectDispatchedCommands(new RejectPaymentCommand(P, RejectionReason.CURRENCY_MISMATCH));
    }

    @Test
    void missingCreditorReleasesTheDebitThenRejects() {
        accountsMissing("bob-usd");
        fixture.givenAggregate(P).published(INITIATED)
                .whenAggregate("alice-usd").publishes(new DebitReservedEvent("alice-usd", P, AMOUNT))
                .expectDispatchedCommands(new ReserveCreditCommand("bob-usd", P, AMOUNT),
                        new ReleaseDebitCommand("alice-usd", P));
    }

    @Test
    void bothHoldsTakenPostsBothSides() {
        fixture.givenAggregate(P).published(INITIATED)
                .andThenAggregate("alice-usd").published(new DebitReservedEvent("alice-usd", P, AMOUNT))
                .whenAggregate("bob-usd").publishes(new CreditReservedEvent("bob-usd", P, AMOUNT))
                .expectDispatchedCommands(new PostDebitCommand("alice-usd", P), new PostCreditCommand("bob-usd", P));
    }

    @Test
    void settlesOnceBothSidesArePosted() {
        fixture.givenAggregate(P).published(INITIATED)
                .andThenAggregate("alice-usd").published(new DebitReservedEvent("alice-usd", P, AMOUNT))
                .andThenAggregate("bob-usd").published(new CreditReservedEvent("bob-usd", P, AMOUNT))
                .andThenAggregate("alice-usd").published(new DebitPostedEvent("alice-usd", P, AMOUNT))
                .whenAggregate("bob-usd").publishes(new CreditPostedEvent("bob-usd", P, AMOUNT))
                .expectDispatchedCommands(new SettlePaymentCommand(P));
    }

    @Test
    void settlementEndsTheSagaAndCancelsTheDeadline() {
        fixture.givenAggregate(P).published(INITIATED)
                .whenAggregate(P).publishes(new PaymentSettledEvent(P, "alice-usd", "bob-usd", AMOUNT, null))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void rejectionAndExpiryEndTheSaga() {
        fixture.givenAggregate(P).published(INITIATED)
                .whenAggregate(P).publishes(new PaymentRejectedEvent(P, RejectionReason.ACCOUNT_CLOSED, null))
                .expectActiveSagas(0).expectNoScheduledDeadlines();
        setUp();
        fixture.givenAggregate(P).published(INITIATED)
                .whenAggregate(P).publishes(new PaymentExpiredEvent(P, null))
                .expectActiveSagas(0).expectNoScheduledDeadlines();
    }

    @Test
    void deadlineWhileHoldingTheDebitReleasesItAndExpires() throws Exception {
        fixture.givenAggregate(P).published(INITIATED)
                .andThenTimeElapses(TIMEOUT.plusSeconds(1))
                .whenAggregate("alice-usd").publishes(new DebitReservedEvent("alice-usd", P, AMOUNT))
                .expectDispatchedCommands(new ReleaseDebitCommand("alice-usd", P));
        setUp();
        fixture.givenAggregate(P).published(INITIATED)
                .andThenTimeElapses(TIMEOUT.plusSeconds(1))
                .andThenAggregate("alice-usd").published(new DebitReservedEvent("alice-usd", P, AMOUNT))
                .whenAggregate("alice-usd").publishes(new DebitReleasedEvent("alice-usd", P, AMOUNT))
                .expectDispatchedCommands(new ExpirePaymentCommand(P));
    }

    @Test
    void deadlineWhileHoldingBothReleasesBoth() throws Exception {
        fixture.givenAggregate(P).published(INITIATED)
                .andThenAggregate("alice-usd").published(new DebitReservedEvent("alice-usd", P, AMOUNT))
                .andThenTimeElapses(TIMEOUT.plusSeconds(1))
                .whenAggregate("bob-usd").publishes(new CreditReservedEvent("bob-usd", P, AMOUNT))
                .expectDispatchedCommands(new ReleaseDebitCommand("alice-usd", P), new ReleaseCreditCommand("bob-usd", P));
    }

    @Test
    void deadlineIsIgnoredOncePostingHasBegun() throws Exception {
        fixture.givenAggregate(P).published(INITIATED)
                .andThenAggregate("alice-usd").published(new DebitReservedEvent("alice-usd", P, AMOUNT))
                .andThenAggregate("bob-usd").published(new CreditReservedEvent("bob-usd", P, AMOUNT))
                .whenTimeElapses(TIMEOUT.plusSeconds(1))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }

    @Test
    void settledReversalCompletesTheOriginal() {
        fixture.givenAggregate(P).published(REVERSAL)
                .whenAggregate(P).publishes(new PaymentSettledEvent(P, "bob-usd", "alice-usd", AMOUNT, "p0"))
                .expectDispatchedCommands(new CompleteReversalCommand("p0", P))
                .expectActiveSagas(0);
    }

    @Test
    void rejectedReversalLeavesTheOriginalSettled() {
        fixture.givenAggregate(P).published(REVERSAL)
                .whenAggregate(P).publishes(new PaymentRejectedEvent(P, RejectionReason.INSUFFICIENT_FUNDS, "p0"))
                .expectDispatchedCommands(new FailReversalCommand("p0", P, "INSUFFICIENT_FUNDS"))
                .expectActiveSagas(0);
    }
}
