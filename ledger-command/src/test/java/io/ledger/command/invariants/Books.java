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
import io.ledger.messages.payment.PaymentAuthorizedEvent;
import io.ledger.messages.payment.PaymentExpiredEvent;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payment.PaymentRejectedEvent;
import io.ledger.messages.payment.PaymentSettledEvent;
import io.ledger.messages.payment.PaymentVoidedEvent;
import io.ledger.messages.payout.PayoutInitiatedEvent;
import io.ledger.messages.payout.PayoutInstructedEvent;
import io.ledger.messages.payout.PayoutRefusedEvent;
import io.ledger.messages.payout.PayoutRejectedEvent;
import io.ledger.messages.payout.PayoutSettledEvent;
import org.axonframework.eventhandling.EventMessage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    final Map<String, String> paymentCurrencies = new HashMap<>();
    private final Map<String, Integer> terminalStates = new HashMap<>();

    Map<String, Integer> terminalStates() {
        return terminalStates;
    }
    /**
     * Money in transit inside one step, per payment: its debit posted and its credit not yet (positive), or its credit
     * posted and its debit not yet (negative: a capture, void or expiry posts its two accounts in id order in one
     * unit of work, ADR 0018, so the creditor comes first when its id sorts first). Zero once both are posted.
     */
    final Map<String, Long> inTransit = new HashMap<>();
    /** Payouts' endings so far (refused, settled or rejected): each ends exactly once, unless it still waits. */
    final Map<String, Integer> payoutEndings = new HashMap<>();
    /**
     * Authorizations not yet captured, voided or expired, and payout instructions the bank has not answered:
     * what the pending balances must add up to.
     */
    final Map<String, Long> liveAuthorizations = new HashMap<>();

    void apply(EventMessage<?> message) {
        Object event = message.getPayload();
        if (event instanceof AccountOpenedEvent e) {
            accounts.put(e.accountId(), new Balances(e.currency(), e.type(), e.overdraftLimit().minorUnits(), 0, 0, 0));
        } else if (event instanceof AccountDebitedEvent e) {
            change(e.accountId(), -e.amount().minorUnits(), 0, 0);
            transit(e.paymentId(), e.amount().minorUnits());
        } else if (event instanceof AccountCreditedEvent e) {
            change(e.accountId(), e.amount().minorUnits(), 0, 0);
            transit(e.paymentId(), -e.amount().minorUnits());
        } else if (event instanceof DebitReservedEvent e) {
            // Holds: authorizations (ADR 0016), and histories written before ADR 0013.
            change(e.accountId(), 0, e.amount().minorUnits(), 0);
        } else if (event instanceof CreditReservedEvent e) {
            change(e.accountId(), 0, 0, e.amount().minorUnits());
        } else if (event instanceof DebitPostedEvent e) {
            change(e.accountId(), -e.amount().minorUnits(), -e.amount().minorUnits(), 0);
            transit(e.paymentId(), e.amount().minorUnits());
        } else if (event instanceof CreditPostedEvent e) {
            change(e.accountId(), e.amount().minorUnits(), 0, -e.amount().minorUnits());
            transit(e.paymentId(), -e.amount().minorUnits());
        } else if (event instanceof DebitReleasedEvent e) {
            change(e.accountId(), 0, -e.amount().minorUnits(), 0);
        } else if (event instanceof CreditReleasedEvent e) {
            change(e.accountId(), 0, 0, -e.amount().minorUnits());
        } else if (event instanceof PaymentInitiatedEvent e) {
            paymentCurrencies.put(e.paymentId(), e.amount().currency());
            terminalStates.put(e.paymentId(), 0);
        } else if (event instanceof PaymentAuthorizedEvent e) {
            liveAuthorizations.put(e.paymentId(), e.amount().minorUnits());
        } else if (event instanceof PaymentSettledEvent e) {
            end(e.paymentId());
        } else if (event instanceof PaymentRejectedEvent e) {
            end(e.paymentId());
        } else if (event instanceof PaymentExpiredEvent e) {
            end(e.paymentId());
        } else if (event instanceof PaymentVoidedEvent e) {
            end(e.paymentId());
        } else if (event instanceof PayoutInitiatedEvent e) {
            paymentCurrencies.put(e.payoutId(), e.amount().currency());
            payoutEndings.put(e.payoutId(), 0);
        } else if (event instanceof PayoutInstructedEvent e) {
            liveAuthorizations.put(e.payoutId(), e.amount().minorUnits());
        } else if (event instanceof PayoutRefusedEvent e) {
            endPayout(e.payoutId());
        } else if (event instanceof PayoutSettledEvent e) {
            endPayout(e.payoutId());
        } else if (event instanceof PayoutRejectedEvent e) {
            endPayout(e.payoutId());
        }
    }

    private void transit(String paymentId, long amount) {
        inTransit.merge(paymentId, amount, (before, now) -> before + now == 0 ? null : before + now);
    }

    private void end(String paymentId) {
        terminalStates.merge(paymentId, 1, Integer::sum);
        liveAuthorizations.remove(paymentId);
    }

    private void endPayout(String payoutId) {
        payoutEndings.merge(payoutId, 1, Integer::sum);
        liveAuthorizations.remove(payoutId);
    }

    /** Per currency: the live authorizations' amounts, the pending debits and the pending credits. */
    Map<String, List<Long>> pendingByCurrency() {
        Map<String, List<Long>> sums = new HashMap<>();
        accounts.values().forEach(b -> sums.merge(b.currency(), List.of(0L, b.pendingDebits(), b.pendingCredits()), Books::add));
        liveAuthorizations.forEach((payment, amount) ->
                sums.merge(paymentCurrencies.get(payment), List.of(amount, 0L, 0L), Books::add));
        return sums;
    }

    private static List<Long> add(List<Long> a, List<Long> b) {
        return List.of(a.get(0) + b.get(0), a.get(1) + b.get(1), a.get(2) + b.get(2));
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
        inTransit.forEach((p, amount) -> sums.merge(paymentCurrencies.get(p), amount, Long::sum));
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
