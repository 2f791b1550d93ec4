package io.ledger.query.payment;

import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payment.FindPaymentQuery;
import io.ledger.messages.payment.ListPaymentsQuery;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payment.PaymentPage;
import io.ledger.messages.payment.PaymentRejectedEvent;
import io.ledger.messages.payment.PaymentReversedEvent;
import io.ledger.messages.payment.PaymentSettledEvent;
import io.ledger.messages.payment.PaymentStatus;
import io.ledger.query.support.ReadModelDatabase;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PaymentProjectionTest {

    private static PaymentProjection projection;
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final Money AMOUNT = Money.ofMinor(1_234, "EUR");

    @BeforeAll
    static void database() {
        projection = new PaymentProjection(ReadModelDatabase.create(), SimpleQueryUpdateEmitter.builder().build());
    }

    private static String initiated(String debtor, String creditor) {
        String id = UUID.randomUUID().toString();
        projection.on(new PaymentInitiatedEvent(id, debtor, creditor, AMOUNT, "rent", "k", "fp", "alice", null), T,
                new GlobalSequenceTrackingToken(7));
        return id;
    }

    @Test
    void aPaymentGoesFromPendingToExactlyOneTerminalStatus() {
        String id = initiated("a", "b");
        assertEquals(PaymentStatus.PENDING, projection.handle(new FindPaymentQuery(id)).status());
        projection.on(new PaymentRejectedEvent(id, RejectionReason.ACCOUNT_FROZEN, null), T, new GlobalSequenceTrackingToken(9));
        projection.on(new PaymentSettledEvent(id, "a", "b", AMOUNT, null), T, new GlobalSequenceTrackingToken(10));
        var view = projection.handle(new FindPaymentQuery(id));
        assertEquals(PaymentStatus.REJECTED, view.status(), "a late duplicate terminal event does not overwrite");
        assertEquals(RejectionReason.ACCOUNT_FROZEN, view.rejectionReason());
        assertEquals(AMOUNT, view.amount());
        assertEquals("rent", view.remittanceInfo());
    }

    @Test
    void reversalIsRecordedOnTheOriginal() {
        String id = initiated("a", "b");
        projection.on(new PaymentSettledEvent(id, "a", "b", AMOUNT, null), T, null);
        projection.on(new PaymentReversedEvent(id, "r1"), T, null);
        var view = projection.handle(new FindPaymentQuery(id));
        assertEquals(PaymentStatus.REVERSED, view.status());
        assertEquals("r1", view.reversedBy());
    }

    @Test
    void listsNewestFirstByAccountAndStatusWithACursor() {
        String account = "acc-" + UUID.randomUUID();
        String first = initiated(account, "x");
        String second = initiated("y", account);
        String third = initiated(account, "z");
        initiated("unrelated", "other");
        projection.on(new PaymentSettledEvent(second, "y", account, AMOUNT, null), T, null);

        PaymentPage page = projection.handle(new ListPaymentsQuery(account, null, null, null, 2));
        assertEquals(third, page.items().get(0).paymentId());
        assertEquals(second, page.items().get(1).paymentId());
        PaymentPage rest = projection.handle(new ListPaymentsQuery(account, null, null, page.nextCursor(), 2));
        assertEquals(first, rest.items().get(0).paymentId());
        assertNull(rest.nextCursor());
        PaymentPage settled = projection.handle(new ListPaymentsQuery(account, PaymentStatus.SETTLED, null, null, 10));
        assertEquals(1, settled.items().size());
        assertEquals(0, projection.handle(new ListPaymentsQuery(account, null, "nobody", null, 10)).items().size());
    }
}
