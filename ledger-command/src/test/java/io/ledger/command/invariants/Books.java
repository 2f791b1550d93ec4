package io.ledger.command.invariants;

import io.ledger.messages.account.AccountCreditedEvent;
import io.ledger.messages.account.AccountDebitedEvent;
import io.ledger.messages.account.AccountOpenedEvent;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.CreditPostedEvent;
import io.ledger.messages.account.CreditReleasedEvent;
import io.ledger.messages.account.CreditReservedEvent;
import io.ledger.messages.account.DebitPostedEvent;
import io.ledger.messages.account.DebitReleasedEvent;
import io.ledger.messages.account.DebitReservedEvent;
import io.ledger.messages.payment.PaymentExpiredEvent;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payment.PaymentRejectedEvent;
import io.ledger.messages.payment.PaymentSettledEvent;
import org.axonframework.eventhandling.EventMessage;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent fold of the event stream into balances, written without the aggregate's code, so
 * the invariants are checked against what the events say rather than what the aggregate believes.
 */
final class Books {

    record Balances(String currency, AccountType type, long overdraft, long posted, long pendingDebits,
                    long pendingCredits) {
        long available() {
            return posted - pendingDebits + overdraft;
        }
    }

    final Map<String, Balances> accounts = new HashMap<>();
    final Map<String, Long> paymentAmounts = new HashMap<>();
    final Map<String, String> paymentCurrencies = new HashMap<>();
    private final Map<String, Integer> terminalStates = new HashMap<>();

    Map<String, Integer> terminalStates() {
        return terminalStates;
    }
    /** Payments whose debit is posted but whose credit is not yet: money in transit inside one step. */
    final Set<String> inTransit = new HashSet<>();

    void apply(EventMessage<?> message) {
        Object event = message.getPayload();
        if (event instanceof AccountOpenedEvent e) {
            accounts.put(e.accountId(), new Balances(e.currency(), e.type(), e.overdraftLimit().minorUnits(), 0, 0, 0));
        } else if (event instanceof AccountDebitedEvent e) {
            change(e.accountId(), -e.amount().minorUnits(), 0, 0);
            inTransit.add(e.paymentId());
        } else if (event instanceof AccountCreditedEvent e) {
            change(e.accountId(), e.amount().minorUnits(), 0, 0);
            inTransit.remove(e.paymentId());
        } else if (event instanceof DebitReservedEvent e) {
            // Holds: only in histories written before ADR 0013.
            change(e.accountId(), 0, e.amount().minorUnits(), 0);
        } else if (event instanceof CreditReservedEvent e) {
            change(e.accountId(), 0, 0, e.amount().minorUnits());
        } else if (event instanceof DebitPostedEvent e) {
            change(e.accountId(), -e.amount().minorUnits(), -e.amount().minorUnits(), 0);
            inTransit.add(e.paymentId());
        } else if (event instanceof CreditPostedEvent e) {
            change(e.accountId(), e.amount().minorUnits(), 0, -e.amount().minorUnits());
            inTransit.remove(e.paymentId());
        } else if (event instanceof DebitReleasedEvent e) {
            change(e.accountId(), 0, -e.amount().minorUnits(), 0);
        } else if (event instanceof CreditReleasedEvent e) {
            change(e.accountId(), 0, 0, -e.amount().minorUnits());
        } else if (event instanceof PaymentInitiatedEvent e) {
            paymentAmounts.put(e.paymentId(), e.amount().minorUnits());
            paymentCurrencies.put(e.paymentId(), e.amount().currency());
            terminalStates.put(e.paymentId(), 0);
        } else if (event instanceof PaymentSettledEvent e) {
            terminalStates.merge(e.paymentId(), 1, Integer::sum);
        } else if (event instanceof PaymentRejectedEvent e) {
            terminalStates.merge(e.paymentId(), 1, Integer::sum);
        } else if (event instanceof PaymentExpiredEvent e) {
            terminalStates.merge(e.paymentId(), 1, Integer::sum);
        }
    }

    private void change(String accountId, long posted, long pendingDebits, long pendingCredits) {
        Balances b = accounts.get(accountId);
        if (b == null) {
            throw new AssertionError("event for an account that was never opened: " + accountId);
        }
        accounts.put(accountId, new Balances(b.currency(), b.type(), b.overdraft(), b.posted() + posted,
                b.pendingDebits() + pendingDebits, b.pendingCredits() + pendingCredits));
    }

    Map<String, Long> postedByCurrency() {
        Map<String, Long> sums = new HashMap<>();
        accounts.values().forEach(b -> sums.merge(b.currency(), b.posted(), Long::sum));
        return sums;
    }

    Map<String, Long> inTransitByCurrency() {
        Map<String, Long> sums = new HashMap<>();
        inTransit.forEach(p -> sums.merge(paymentCurrencies.get(p), paymentAmounts.get(p), Long::sum));
        return sums;
    }

    Map<String, Long> pendingGapByCurrency() {
        Map<String, Long> gaps = new HashMap<>();
        accounts.values().forEach(b -> gaps.merge(b.currency(), b.pendingDebits() - b.pendingCredits(), Long::sum));
        return gaps;
    }

    static Books of(List<? extends EventMessage<?>> events) {
        Books books = new Books();
        events.forEach(books::apply);
        return books;
    }
}
