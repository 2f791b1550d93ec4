package io.ledger.api.reconcile;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matching rules on their own (issue 22): each rule and strategy, the tolerance and the window at their edges,
 * ambiguity, an item taken twice; and, as a property, that a statement made of the ledger's own payouts — booked one
 * by one, in batches or split — reconciles every line and every payout exactly once, amounts agreeing.
 */
class MatcherTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 4);
    private static final String BENEFICIARY = "DE89370400440532013000";

    /** The ledger as the matching sees it: payouts by id, accounts to credit, items reconciled before. */
    private static final class FakeLedger implements Matcher.Ledger {
        final Map<String, Matcher.Payout> payouts = new LinkedHashMap<>();
        final Set<String> wallets = new HashSet<>();
        final Map<String, String> reconciled = new HashMap<>();
        final Map<String, List<String>> decidedEntries = new HashMap<>();

        FakeLedger payout(String id, long amount, String status, String iban, LocalDate on) {
            payouts.put(id, new Matcher.Payout(id, amount, status, null, iban, on));
            return this;
        }

        @Override
        public Optional<Matcher.Payout> payout(String payoutId) {
            return Optional.ofNullable(payouts.get(payoutId));
        }

        @Override
        public Optional<Matcher.Payout> payoutByBankReference(String bankReference) {
            return payouts.values().stream().filter(p -> bankReference.equals(p.bankReference())).findFirst();
        }

        @Override
        public List<Matcher.Payout> payoutsNear(long minAmount, long maxAmount, LocalDate from, LocalDate to) {
            return payouts.values().stream().filter(p -> p.amount() >= minAmount && p.amount() <= maxAmount
                    && !p.createdOn().isBefore(from) && !p.createdOn().isAfter(to)).toList();
        }

        @Override
        public boolean creditable(String accountId) {
            return wallets.contains(accountId);
        }

        @Override
        public Optional<String> reconciledWith(String itemId) {
            return Optional.ofNullable(reconciled.get(itemId));
        }

        @Override
        public Optional<List<String>> sameEntryDecided(String bankReference, String direction, long amount) {
            return Optional.ofNullable(decidedEntries.get(bankReference + direction + amount));
        }
    }

    private static ParsedStatement.Line debit(int no, long amount, String bankReference, String counterparty,
                                              String... endToEndIds) {
        return new ParsedStatement.Line(no, "Ntry[" + no + "]", null, bankReference, "DBIT", amount, DAY, DAY,
                List.of(endToEndIds), counterparty, null, null, false);
    }

    private static ParsedStatement.Line credit(int no, long amount, String remittance, String returnReason,
                                               String... endToEndIds) {
        return new ParsedStatement.Line(no, "Ntry[" + no + "]", null, "B" + no, "CRDT", amount, DAY, DAY,
                List.of(endToEndIds), null, remittance, returnReason, false);
    }

    private static String summary(Matcher.Decision decision) {
        return decision.isException() ? decision.exceptionKind()
                : decision.rule() + " " + decision.strategy() + " " + decision.booked() + " " + decision.items();
    }

    @Test
    void referencesMatchOneToOneOneToManyAndManyToOne() {
        FakeLedger ledger = new FakeLedger().payout("p1", 4000, "INSTRUCTED", BENEFICIARY, DAY)
                .payout("p2", 1000, "INSTRUCTED", BENEFICIARY, DAY).payout("p3", 1500, "SETTLED", BENEFICIARY, DAY)
                .payout("p4", 2000, "OVERDUE", BENEFICIARY, DAY);
        List<Matcher.Decision> decisions = new Matcher(0, 2, ledger).decide(List.of(
                debit(1, 4000, "B1", null, "p1"), debit(2, 2500, "B2", null, "p2", "p3"),
                debit(3, 1200, "B3", null, "p4"), debit(4, 800, "B4", null, "p4")));
        assertEquals(List.of("REFERENCE ONE_TO_ONE PAYOUT_SETTLED [p1]", "REFERENCE ONE_TO_MANY PAYOUT_SETTLED [p2, p3]",
                "REFERENCE MANY_TO_ONE PAYOUT_SETTLED [p4]"), decisions.stream().map(MatcherTest::summary).toList());
        assertEquals(List.of(3, 4), decisions.get(2).lineNos());
        assertEquals(List.of("p2"), decisions.get(1).effects().stream().map(Matcher.Effect::target).toList(),
                "a payout the ledger settled already is matched without booking it again");
    }

    @Test
    void amountDateAndCounterpartyMatchWithinTheToleranceAndWindowOnlyWhenUnambiguous() {
        FakeLedger ledger = new FakeLedger().payout("near", 1000, "INSTRUCTED", BENEFICIARY, DAY.minusDays(2))
                .payout("far", 1000, "INSTRUCTED", BENEFICIARY, DAY.minusDays(3))
                .payout("elsewhere", 1000, "INSTRUCTED", "GB33BUKB20201555555555", DAY);
        assertEquals("AMOUNT_DATE_COUNTERPARTY ONE_TO_ONE PAYOUT_SETTLED [near]",
                summary(new Matcher(5, 2, ledger).decide(List.of(debit(1, 995, null, BENEFICIARY))).get(0)));
        assertEquals("UNMATCHED",
                summary(new Matcher(4, 2, ledger).decide(List.of(debit(1, 995, null, BENEFICIARY))).get(0)),
                "5 minor units off with a tolerance of 4");
        assertEquals("AMBIGUOUS",
                summary(new Matcher(0, 3, ledger).decide(List.of(debit(1, 1000, null, BENEFICIARY))).get(0)),
                "a window of three days finds two payouts to the same counterparty");
        assertEquals("UNMATCHED", summary(new Matcher(0, 3, ledger).decide(List.of(debit(1, 1000, null, null))).get(0)),
                "without a counterparty the amount alone matches nothing");
    }

    @Test
    void aCreditNamingAnAccountIsATopUpAndAReturnBooksTheReturn() {
        FakeLedger ledger = new FakeLedger().payout("p1", 3000, "SETTLED", BENEFICIARY, DAY)
                .payout("p2", 3000, "INSTRUCTED", BENEFICIARY, DAY);
        ledger.wallets.add("acc_bob");
        List<Matcher.Decision> decisions = new Matcher(0, 2, ledger).decide(List.of(
                credit(1, 5000, "top-up acc_bob thanks", null), credit(2, 3000, null, "AC04", "p1"),
                credit(3, 3000, null, "AC04", "p2"), credit(4, 100, "for nobody", null)));
        assertEquals(List.of("WALLET_REFERENCE ONE_TO_ONE TOP_UP []", "RETURN ONE_TO_ONE PAYOUT_RETURNED [p1:return]",
                "NOT_BOOKABLE", "UNMATCHED"), decisions.stream().map(MatcherTest::summary).toList());
        assertEquals("AC04", decisions.get(1).effects().get(0).reference());
    }

    @Test
    void anItemIsReconciledOnceAndAnEntryTheBankSentBeforeIsADuplicate() {
        FakeLedger ledger = new FakeLedger().payout("p1", 1000, "SETTLED", BENEFICIARY, DAY)
                .payout("p2", 1000, "SETTLED", BENEFICIARY, DAY);
        ledger.reconciled.put("p2", "statement s line 1");
        ledger.decidedEntries.put("B9DBIT1000", List.of("p9"));
        List<Matcher.Decision> decisions = new Matcher(0, 2, ledger).decide(List.of(
                debit(1, 1000, "B1", null, "p1"), debit(2, 1000, "B2", null, "p1"), debit(3, 1000, "B3", null, "p2"),
                debit(4, 1000, "B9", null, "p1"), new ParsedStatement.Line(5, "Ntry[5]", null, null, "DBIT", 1000, DAY,
                        DAY, List.of(), null, null, null, true)));
        assertEquals(List.of("REFERENCE ONE_TO_ONE NOTHING [p1]", "ALREADY_RECONCILED", "ALREADY_RECONCILED",
                "DUPLICATE ONE_TO_ONE NOTHING [p9]", "BANK_REVERSAL"), decisions.stream().map(MatcherTest::summary).toList(),
                "lines 1 and 2 name p1 twice (their sum is no payout): the second cannot take what the first took");
    }

    /** A payout and how the bank books it: alone, in a batch with the next ones, or split in two. */
    record Booking(long amount, int shape) {
    }

    @Provide
    Arbitrary<List<Booking>> bookings() {
        return Combinators.combine(Arbitraries.longs().between(1, 1_000_000), Arbitraries.integers().between(0, 2))
                .as(Booking::new).list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 300)
    void aStatementOfTheLedgersOwnPayoutsReconcilesEveryLineAndEveryPayoutOnce(@ForAll("bookings") List<Booking> bookings) {
        FakeLedger ledger = new FakeLedger();
        List<ParsedStatement.Line> lines = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        long batchAmount = 0;
        for (int i = 0; i < bookings.size(); i++) {
            Booking booking = bookings.get(i);
            String id = "p" + i;
            ledger.payout(id, booking.amount(), i % 2 == 0 ? "INSTRUCTED" : "SETTLED", BENEFICIARY, DAY);
            if (booking.shape() == 1) {
                batch.add(id);
                batchAmount += booking.amount();
                continue;
            }
            if (booking.shape() == 2 && booking.amount() > 1) {
                long first = booking.amount() / 2;
                lines.add(debit(lines.size() + 1, first, null, null, id));
                lines.add(debit(lines.size() + 1, booking.amount() - first, null, null, id));
            } else {
                lines.add(debit(lines.size() + 1, booking.amount(), null, null, id));
            }
        }
        if (!batch.isEmpty()) {
            lines.add(debit(lines.size() + 1, batchAmount, null, null, batch.toArray(String[]::new)));
        }
        List<Matcher.Decision> decisions = new Matcher(0, 2, ledger).decide(lines);

        assertTrue(decisions.stream().noneMatch(Matcher.Decision::isException),
                () -> decisions.stream().map(MatcherTest::summary).toList().toString());
        List<Integer> linesDecided = decisions.stream().flatMap(d -> d.lineNos().stream()).sorted().toList();
        assertEquals(lines.stream().map(ParsedStatement.Line::lineNo).toList(), linesDecided, "every line once");
        List<String> items = decisions.stream().flatMap(d -> d.items().stream()).sorted().toList();
        assertEquals(ledger.payouts.keySet().stream().sorted().toList(), items, "every payout once");
        long lineSum = lines.stream().mapToLong(ParsedStatement.Line::amount).sum();
        long payoutSum = ledger.payouts.values().stream().mapToLong(Matcher.Payout::amount).sum();
        assertEquals(lineSum, payoutSum, "the statement pays what the ledger sent");
        List<String> settled = decisions.stream().flatMap(d -> d.effects().stream()).map(Matcher.Effect::target)
                .sorted().toList();
        assertEquals(ledger.payouts.values().stream().filter(Matcher.Payout::awaitsBank).map(Matcher.Payout::payoutId)
                .sorted().toList(), settled, "exactly the payouts awaiting the bank are settled");
    }
}
