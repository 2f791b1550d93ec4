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
            assertTrue(events.contains(new PaymentInitiatedEvent("r1", "bob", "alice", TEN, "Reversal of payment p1",
                    null, null, "clerk", "p1")));
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
}
