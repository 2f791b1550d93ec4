package io.ledger.command.invariants;

import io.ledger.command.InMemoryLedger;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.CloseAccountCommand;
import io.ledger.messages.account.FreezeAccountCommand;
import io.ledger.messages.account.OpenAccountCommand;
import io.ledger.messages.account.UnfreezeAccountCommand;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.payment.CaptureMode;
import io.ledger.messages.payment.CapturePaymentCommand;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.PaymentAuthorizedEvent;
import io.ledger.messages.payment.PaymentSettledEvent;
import io.ledger.messages.payment.ReversePaymentCommand;
import io.ledger.messages.payment.VoidPaymentCommand;
import io.ledger.messages.payout.BankResult;
import io.ledger.messages.payout.Beneficiary;
import io.ledger.messages.payout.InitiatePayoutCommand;
import io.ledger.messages.payout.PayoutInitiatedEvent;
import io.ledger.messages.payout.PayoutInstructedEvent;
import io.ledger.messages.payout.ReportBankResultCommand;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.axonframework.eventhandling.EventMessage;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random sequences of ledger operations, run through the real aggregates and saga, must never create
 * or lose money. Checked on an independent fold of the events:
 * <ul>
 *   <li>after every event: per currency, posted sums to zero once money in transit inside one saga
 *       step is counted (a step posts the debit and the credit together), and no non-SYSTEM account's
 *       available balance is below zero;</li>
 *   <li>after every operation, when the saga has run every step it caused: per currency, posted sums to
 *       zero, and pending debits and pending credits each equal the live authorizations' amounts;</li>
 *   <li>every payment reaches exactly one terminal state, or waits AUTHORIZED;</li>
 *   <li>every payout ends exactly once (refused, settled or rejected), or waits for the bank with its funds
 *       held (overdue or not); a return books new entries and the books still balance.</li>
 * </ul>
 */
class MoneyInvariantsTest {

    /** Accounts the operations pick from; "ghost" is never opened. */
    private static final List<String> ACCOUNTS = List.of("bank-usd", "bank-eur", "w1", "w2", "w3", "m1", "w-eur", "ghost",
            "nostro-usd");
    /** The clearing account every payout goes through (a EUR payout is refused: the currencies differ). */
    private static final String CLEARING = "nostro-usd";

    sealed interface Op permits Pay, Authorize, Capture, VoidAuthorization, Expire, Freeze, Unfreeze, Close, Reverse,
            PayOut, BankAnswer, Overdue {
    }

    /** A payout from an account through the clearing account. */
    record PayOut(int from, long cents) implements Op {
    }

    /** The bank's answer to the n-th payout so far: answered twice, out of turn or late is tried too. */
    record BankAnswer(int payout, BankResult result) implements Op {
    }

    /** Moves the deadlines' clock past the n-th payout's answer deadline: it turns OVERDUE and stays held. */
    record Overdue(int payout) implements Op {
    }

    /** A MANUAL payment, living ttlMinutes on the deadlines' clock. */
    record Authorize(int from, int to, long cents, String currency, int ttlMinutes) implements Op {
    }

    /** Captures the n-th authorization so far, for percent of its amount (100: all of it). */
    record Capture(int authorization, int percent) implements Op {
    }

    record VoidAuthorization(int authorization) implements Op {
    }

    /** Moves the deadlines' clock past the n-th authorization's expiry (and so past any earlier one). */
    record Expire(int authorization) implements Op {
    }

    record Pay(int from, int to, long cents, String currency) implements Op {
    }

    record Freeze(int account) implements Op {
    }

    record Unfreeze(int account) implements Op {
    }

    record Close(int account) implements Op {
    }

    record Reverse(int settledIndex) implements Op {
    }

    @Provide
    Arbitrary<Op> operations() {
        Arbitrary<Integer> account = Arbitraries.integers().between(0, ACCOUNTS.size() - 1);
        Arbitrary<Op> pay = Combinators.combine(account, account,
                        Arbitraries.longs().between(1, 50_000).edgeCases(c -> c.add(1L)),
                        Arbitraries.of("USD", "USD", "USD", "EUR"))
                .as(Pay::new);
        // Mostly from accounts that can pay (the bank's, the merchant's overdraft), so most authorizations hold
        // and the captures, voids and expiries that follow have something to end.
        Arbitrary<Integer> payer = Arbitraries.of(0, 0, 0, 5, 2, 1);
        Arbitrary<Op> authorize = Combinators.combine(payer, account,
                        Arbitraries.longs().between(1, 10_000), Arbitraries.of("USD", "USD", "USD", "EUR"),
                        Arbitraries.integers().between(1, 120))
                .as(Authorize::new);
        Arbitrary<Integer> authorization = Arbitraries.integers().between(0, 20);
        Arbitrary<Op> payOut = Combinators.combine(Arbitraries.of(2, 3, 4, 5, 6, 0, 8),
                Arbitraries.longs().between(1, 20_000)).as(PayOut::new);
        Arbitrary<Op> answer = Combinators.combine(authorization,
                Arbitraries.of(BankResult.ACCEPTED, BankResult.ACCEPTED, BankResult.REJECTED, BankResult.RETURNED))
                .as(BankAnswer::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, pay),
                net.jqwik.api.Tuple.of(6, authorize),
                net.jqwik.api.Tuple.of(3, Combinators.combine(authorization, Arbitraries.of(1, 50, 99, 100, 100, 101))
                        .as(Capture::new)),
                net.jqwik.api.Tuple.of(2, authorization.map(VoidAuthorization::new)),
                net.jqwik.api.Tuple.of(2, authorization.map(Expire::new)),
                net.jqwik.api.Tuple.of(1, account.map(Freeze::new)),
                net.jqwik.api.Tuple.of(1, account.map(Unfreeze::new)),
                net.jqwik.api.Tuple.of(1, account.map(Close::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 20).map(Reverse::new)),
                net.jqwik.api.Tuple.of(4, payOut),
                net.jqwik.api.Tuple.of(4, answer),
                net.jqwik.api.Tuple.of(1, authorization.map(Overdue::new)));
    }

    @Property(tries = 80)
    void moneyIsNeverCreatedOrLost(@ForAll @Size(min = 1, max = 40) List<@net.jqwik.api.From("operations") Op> ops) {
        try (InMemoryLedger ledger = new InMemoryLedger()) {
            open(ledger);
            for (Op op : ops) {
                run(ledger, op);
                assertQuiescentBooks(ledger.events());
            }
            assertEveryEvent(ledger.events());
        }
    }

    private static void open(InMemoryLedger ledger) {
        ledger.send(new OpenAccountCommand("bank-usd", "bank", AccountType.SYSTEM, Money.zero("USD")));
        ledger.send(new OpenAccountCommand("bank-eur", "bank", AccountType.SYSTEM, Money.zero("EUR")));
        ledger.send(new OpenAccountCommand("w1", "alice", AccountType.WALLET, Money.zero("USD")));
        ledger.send(new OpenAccountCommand("w2", "bob", AccountType.WALLET, Money.zero("USD")));
        ledger.send(new OpenAccountCommand("w3", "carol", AccountType.WALLET, Money.zero("USD")));
        ledger.send(new OpenAccountCommand("m1", "shop", AccountType.MERCHANT, Money.ofMinor(10_000, "USD")));
        ledger.send(new OpenAccountCommand("w-eur", "dave", AccountType.WALLET, Money.zero("EUR")));
        ledger.send(new OpenAccountCommand(CLEARING, "house-bank", AccountType.CLEARING, Money.zero("USD")));
    }

    private static void run(InMemoryLedger ledger, Op op) {
        try {
            if (op instanceof Pay p) {
                ledger.send(new InitiatePaymentCommand(UUID.randomUUID().toString(), ACCOUNTS.get(p.from()),
                        ACCOUNTS.get(p.to()), Money.ofMinor(p.cents(), p.currency()), null, "k", "fp", "prop"));
            } else if (op instanceof Authorize a) {
                ledger.send(new InitiatePaymentCommand(UUID.randomUUID().toString(), ACCOUNTS.get(a.from()),
                        ACCOUNTS.get(a.to()), Money.ofMinor(a.cents(), a.currency()), null, "k", "fp", "prop",
                        CaptureMode.MANUAL, ledger.now().plus(Duration.ofMinutes(a.ttlMinutes()))));
            } else if (op instanceof Capture c) {
                authorized(ledger, c.authorization()).ifPresent(auth -> ledger.send(new CapturePaymentCommand(
                        auth.paymentId(), Money.ofMinor(Math.max(1, auth.amount().minorUnits() * c.percent() / 100),
                        auth.amount().currency()), "shop", UUID.randomUUID().toString())));
            } else if (op instanceof VoidAuthorization v) {
                authorized(ledger, v.authorization()).ifPresent(auth ->
                        ledger.send(new VoidPaymentCommand(auth.paymentId(), "clerk", UUID.randomUUID().toString())));
            } else if (op instanceof Expire e) {
                authorized(ledger, e.authorization()).ifPresent(auth -> ledger.advanceTo(auth.expiresAt()));
            } else if (op instanceof PayOut p) {
                ledger.send(new InitiatePayoutCommand(UUID.randomUUID().toString(), ACCOUNTS.get(p.from()), CLEARING,
                        Money.ofMinor(p.cents(), "USD"), new Beneficiary("Someone", "DE89370400440532013000", null), null,
                        "k", "fp", "prop"));
            } else if (op instanceof BankAnswer a) {
                payout(ledger, a.payout()).ifPresent(id -> ledger.send(new ReportBankResultCommand(id, a.result(),
                        a.result() == BankResult.ACCEPTED ? "ref" : null,
                        a.result() == BankResult.ACCEPTED ? null : "AC04", "bank")));
            } else if (op instanceof Overdue o) {
                instructed(ledger, o.payout()).ifPresent(instructed -> ledger.advanceTo(instructed.answerBy()));
            } else if (op instanceof Freeze f) {
                ledger.send(new FreezeAccountCommand(ACCOUNTS.get(f.account()), "test"));
            } else if (op instanceof Unfreeze u) {
                ledger.send(new UnfreezeAccountCommand(ACCOUNTS.get(u.account())));
            } else if (op instanceof Close c) {
                ledger.send(new CloseAccountCommand(ACCOUNTS.get(c.account())));
            } else if (op instanceof Reverse r) {
                List<String> settled = ledger.events().stream()
                        .filter(e -> e.getPayload() instanceof PaymentSettledEvent s && s.reversalOf() == null)
                        .map(e -> ((PaymentSettledEvent) e.getPayload()).paymentId())
                        .toList();
                if (!settled.isEmpty()) {
                    ledger.send(new ReversePaymentCommand(settled.get(r.settledIndex() % settled.size()),
                            UUID.randomUUID().toString(), "clerk", null));
                }
            }
        } catch (LedgerException | org.axonframework.modelling.command.AggregateNotFoundException refused) {
            // Synchronous refusals (same account, closed, already frozen, not reversible...) change nothing;
            // the books checks below prove it.
        }
    }

    /** The n-th authorization so far (modulo how many there are), ended or not: ending one twice is tried too. */
    private static Optional<PaymentAuthorizedEvent> authorized(InMemoryLedger ledger, int n) {
        List<PaymentAuthorizedEvent> all = ledger.events().stream()
                .filter(e -> e.getPayload() instanceof PaymentAuthorizedEvent)
                .map(e -> (PaymentAuthorizedEvent) e.getPayload())
                .toList();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(n % all.size()));
    }

    /** The n-th payout so far (modulo how many there are), whatever became of it. */
    private static Optional<String> payout(InMemoryLedger ledger, int n) {
        List<String> all = ledger.events().stream()
                .filter(e -> e.getPayload() instanceof PayoutInitiatedEvent)
                .map(e -> ((PayoutInitiatedEvent) e.getPayload()).payoutId())
                .toList();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(n % all.size()));
    }

    private static Optional<PayoutInstructedEvent> instructed(InMemoryLedger ledger, int n) {
        List<PayoutInstructedEvent> all = ledger.events().stream()
                .filter(e -> e.getPayload() instanceof PayoutInstructedEvent)
                .map(e -> (PayoutInstructedEvent) e.getPayload())
                .toList();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(n % all.size()));
    }

    private static void assertQuiescentBooks(List<? extends EventMessage<?>> events) {
        Books books = Books.of(events);
        books.postedByCurrency().forEach((currency, sum) ->
                assertEquals(0L, sum, "posted balances must sum to zero in " + currency));
        books.pendingGapByCurrency().forEach((currency, gap) ->
                assertEquals(0L, gap, "pending debits must equal pending credits in " + currency));
        books.terminalStates().forEach((payment, count) -> assertEquals(books.liveAuthorizations.containsKey(payment) ? 0 : 1,
                count, "payment " + payment + " must reach exactly one terminal state, or wait authorized"));
        books.payoutEndings.forEach((payout, count) -> assertEquals(books.liveAuthorizations.containsKey(payout) ? 0 : 1,
                count, "payout " + payout + " must end exactly once, or wait for the bank with its funds held"));
        books.pendingByCurrency().forEach((currency, sums) -> {
            assertEquals(sums.get(0), sums.get(1),
                    "pending debits must be the live authorizations and payout instructions in " + currency);
            assertEquals(sums.get(0), sums.get(2),
                    "pending credits must be the live authorizations and payout instructions in " + currency);
        });
    }

    private static void assertEveryEvent(List<? extends EventMessage<?>> events) {
        Books books = new Books();
        for (EventMessage<?> event : events) {
            books.apply(event);
            Map<String, Long> transit = books.inTransitByCurrency();
            books.postedByCurrency().forEach((currency, sum) ->
                    assertEquals(0L, sum + transit.getOrDefault(currency, 0L),
                            "posted plus in-transit must sum to zero in " + currency + " after " + event.getPayload()));
            books.accounts.forEach((id, b) -> assertTrue(b.type().isBankPosition() || b.available() >= 0,
                    id + " went below its limit after " + event.getPayload()));
        }
        assertEquals(Map.of(), books.inTransit, "every posted debit has its credit and every credit its debit");
    }
}
