package io.ledger.command.payment;

import io.ledger.command.InMemoryLedger;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.OpenAccountCommand;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payment.PaymentRejectedEvent;
import io.ledger.messages.payment.PaymentReversalFailedEvent;
import io.ledger.messages.payment.PaymentReversalRequestedEvent;
import io.ledger.messages.payment.PaymentReversedEvent;
import io.ledger.messages.payment.ReversePaymentCommand;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reversal spans two payment aggregates, so it runs on the whole command side in memory. */
class PaymentReversalHandlerTest {

    private static final Money TEN = Money.ofMinor(1_000, "USD");

    private InMemoryLedger ledgerWithSettledPayment() {
        InMemoryLedger ledger = new InMemoryLedger();
        ledger.send(new OpenAccountCommand("bank", "bank", AccountType.SYSTEM, Money.zero("USD")));
        ledger.send(new OpenAccountCommand("alice", "alice", AccountType.WALLET, Money.zero("USD")));
        ledger.send(new OpenAccountCommand("bob", "bob", AccountType.WALLET, Money.zero("USD")));
        ledger.send(new InitiatePaymentCommand("fund", "bank", "alice", TEN, null, "k0", "f0", "ops"));
        ledger.send(new InitiatePaymentCommand("p1", "alice", "bob", TEN, null, "k1", "f1", "alice"));
        return ledger;
    }

    private static List<Object> payloads(InMemoryLedger ledger) {
        return ledger.events().stream().map(e -> (Object) e.getPayload()).toList();
    }

    @Test
    void reversalMovesTheMoneyBackAndMarksTheOriginalReversed() {
        try (InMemoryLedger ledger = ledgerWithSettledPayment()) {
            String reversalId = ledger.send(new ReversePaymentCommand("p1", "r1", "clerk", null));
            assertEquals("r1", reversalId);
            List<Object> events = payloads(ledger);
            assertTrue(events.contains(new PaymentReversalRequestedEvent("p1", "r1", "clerk")));
            PaymentInitiatedEvent reversal = initiated(ledger, "r1");
            assertEquals(new PaymentInitiatedEvent("r1", "bob", "alice", TEN, "Reversal of payment p1", null, null,
                    "clerk", "p1", io.ledger.messages.payment.CaptureMode.AUTOMATIC, null, null, null, null,
                    reversal.reversedCountedAt()), reversal);
            assertTrue(reversal.reversedCountedAt() != null, "the reversal knows when p1 was debited");
            assertTrue(events.contains(new PaymentReversedEvent("p1", "r1")));
            assertThrows(LedgerException.class, () -> ledger.send(new ReversePaymentCommand("p1", "r2", "clerk", null)));
        }
    }

    @Test
    void reversalThatCannotSettleLeavesTheOriginalSettled() {
        try (InMemoryLedger ledger = ledgerWithSettledPayment()) {
            ledger.send(new OpenAccountCommand("carol", "carol", AccountType.WALLET, Money.zero("USD")));
            ledger.send(new InitiatePaymentCommand("spend", "bob", "carol", TEN, null, "k2", "f2", "bob"));
            ledger.send(new ReversePaymentCommand("p1", "r1", "clerk", null));
            List<Object> events = payloads(ledger);
            assertTrue(events.contains(new PaymentRejectedEvent("r1", RejectionReason.INSUFFICIENT_FUNDS, "p1")));
            assertTrue(events.contains(new PaymentReversalFailedEvent("p1", "r1", "INSUFFICIENT_FUNDS")));
            assertTrue(events.stream().noneMatch(e -> e instanceof PaymentReversedEvent));
        }
    }

    private static PaymentInitiatedEvent initiated(InMemoryLedger ledger, String paymentId) {
        return payloads(ledger).stream().filter(e -> e instanceof PaymentInitiatedEvent i && i.paymentId().equals(paymentId))
                .map(PaymentInitiatedEvent.class::cast).findFirst().orElseThrow();
    }

    private static List<Object> debitsOf(InMemoryLedger ledger, String account) {
        return payloads(ledger).stream().filter(e -> e instanceof io.ledger.messages.account.AccountDebitedEvent d
                && d.accountId().equals(account)).toList();
    }

    @Test
    void reversingAPartlyCapturedPaymentReturnsWhatWasCapturedNotWhatWasAuthorized() {
        try (InMemoryLedger ledger = ledgerWithSettledPayment()) {
            ledger.send(new InitiatePaymentCommand("fund2", "bank", "alice", TEN, null, "k3", "f3", "ops"));
            ledger.send(new InitiatePaymentCommand("auth", "alice", "bob", TEN, null, "k4", "f4", "alice",
                    io.ledger.messages.payment.CaptureMode.MANUAL, ledger.now().plus(java.time.Duration.ofDays(1))));
            ledger.send(new io.ledger.messages.payment.CapturePaymentCommand("auth", Money.ofMinor(600, "USD"), "bob", "c1"));
            ledger.send(new ReversePaymentCommand("auth", "r-auth", "clerk", null));
            assertEquals(Money.ofMinor(600, "USD"), initiated(ledger, "r-auth").amount(),
                    "the reversal moves back the 6.00 captured, not the 10.00 authorized");
            assertTrue(payloads(ledger).contains(new PaymentReversedEvent("auth", "r-auth")));
        }
    }

    @Test
    void aReversalGivesItsAmountBackToTheDebtorsLimitWindow() {
        try (InMemoryLedger ledger = ledgerWithSettledPayment()) {
            // alice paid p1 (10.00) and may pay 10.00 a day: she is at her limit until p1 is reversed.
            ledger.send(new io.ledger.messages.account.SetAccountLimitsCommand("alice", new io.ledger.messages.account.AccountLimits(
                    null, List.of(new io.ledger.messages.account.WindowLimit(io.ledger.messages.account.LimitWindow.DAY,
                    TEN, null)))));
            ledger.send(new ReversePaymentCommand("p1", "r1", "clerk", null));
            ledger.send(new InitiatePaymentCommand("again", "alice", "bob", TEN, null, "k5", "f5", "alice"));
            assertTrue(payloads(ledger).contains(new io.ledger.messages.payment.PaymentSettledEvent("again", "alice",
                    "bob", TEN, null)), "the reversed payment no longer counts against the day: " + debitsOf(ledger, "alice"));
        }
    }
}
