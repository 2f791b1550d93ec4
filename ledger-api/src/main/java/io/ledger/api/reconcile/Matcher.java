package io.ledger.api.reconcile;

import io.ledger.messages.common.Ids;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what each bank statement line is in the ledger (issue 22, ADR 0028), by rules in order: a reversal by the
 * bank is an exception; a return (RtrInf) books the return of the payout it names; then the references — the payouts
 * a debit's end-to-end ids name (one-to-one, or one-to-many for a batch booking), several debits naming one payout
 * (many-to-one), a payout the bank's reference names, a wallet a credit's reference names (a top-up); then amount
 * within the link's tolerance, value date within its window and counterparty account, which must find exactly one
 * payout. Whatever finds nothing, more than one candidate or a ledger item already reconciled becomes an exception.
 * Pure: what the ledger holds comes through {@link Ledger}; nothing is booked here.
 */
final class Matcher {

    /** What the matching may ask of the ledger, for one linked bank account. */
    interface Ledger {
        /** A payout through this clearing account, by id. */
        Optional<Payout> payout(String payoutId);

        /** A payout through this clearing account the bank confirmed with this reference. */
        Optional<Payout> payoutByBankReference(String bankReference);

        /** Payouts through this clearing account of amounts and creation days within the bounds. */
        List<Payout> payoutsNear(long minAmount, long maxAmount, LocalDate from, LocalDate to);

        /** An active wallet or merchant account in the statement's currency, by id. */
        boolean creditable(String accountId);

        /** The line (statement id, line no) a ledger item was already reconciled with, if any. */
        Optional<String> reconciledWith(String itemId);

        /** An earlier statement's line with this bank reference, direction and amount, already decided: its items. */
        Optional<List<String>> sameEntryDecided(String bankReference, String direction, long amount);
    }

    record Payout(String payoutId, long amount, String status, String bankReference, String beneficiaryIban,
                  LocalDate createdOn) {

        boolean awaitsBank() {
            return "INSTRUCTED".equals(status) || "OVERDUE".equals(status);
        }
    }

    enum EffectKind { SETTLE_PAYOUT, RETURN_PAYOUT, TOP_UP }

    /** A booking a decision asks for: settle or return a payout, or pay a top-up from the clearing account. */
    record Effect(EffectKind kind, String target, long amount, String reference) {
    }

    /**
     * What became of lines: reconciled by rule and strategy with ledger items (and the bookings that needs), or an
     * exception of a kind, with a detail that names no person.
     */
    record Decision(List<Integer> lineNos, String rule, String strategy, List<String> items, List<Effect> effects,
                    String exceptionKind, String detail) {

        static Decision matched(List<Integer> lines, String rule, String strategy, List<String> items,
                                List<Effect> effects) {
            return new Decision(lines, rule, strategy, items, effects, null, null);
        }

        static Decision exception(int line, String kind, String detail) {
            return new Decision(List.of(line), null, null, List.of(), List.of(), kind, detail);
        }

        boolean isException() {
            return exceptionKind != null;
        }

        /** What the lines booked in the ledger: the first effect's kind, or nothing. */
        String booked() {
            if (effects.isEmpty()) {
                return "NOTHING";
            }
            return switch (effects.get(0).kind()) {
                case SETTLE_PAYOUT -> "PAYOUT_SETTLED";
                case RETURN_PAYOUT -> "PAYOUT_RETURNED";
                case TOP_UP -> "TOP_UP";
            };
        }
    }

    private final long tolerance;
    private final int window;
    private final Ledger ledger;
    /** Items this run matched already, and payout statuses it changed: the read side has not seen them yet. */
    private final Set<String> taken = new HashSet<>();
    private final Map<String, String> statusNow = new java.util.HashMap<>();

    Matcher(long tolerance, int window, Ledger ledger) {
        this.tolerance = tolerance;
        this.window = window;
        this.ledger = ledger;
    }

    /** Decides the lines, in order; lines that are one decision (many-to-one) come out together. */
    List<Decision> decide(List<ParsedStatement.Line> lines) {
        List<Decision> decisions = new ArrayList<>();
        Set<Integer> done = new HashSet<>();
        // Many-to-one first: several debits naming the same single payout, adding up to it.
        Map<String, List<ParsedStatement.Line>> byPayout = new LinkedHashMap<>();
        for (ParsedStatement.Line line : lines) {
            if ("DBIT".equals(line.direction()) && line.returnReason() == null && !line.reversal()
                    && line.endToEndIds().size() == 1) {
                byPayout.computeIfAbsent(line.endToEndIds().get(0), id -> new ArrayList<>()).add(line);
            }
        }
        for (Map.Entry<String, List<ParsedStatement.Line>> group : byPayout.entrySet()) {
            if (group.getValue().size() < 2) {
                continue;
            }
            Optional<Payout> payout = payout(group.getKey());
            long sum = group.getValue().stream().mapToLong(ParsedStatement.Line::amount).sum();
            if (payout.isPresent() && within(sum, payout.get().amount())) {
                List<Integer> lineNos = group.getValue().stream().map(ParsedStatement.Line::lineNo).toList();
                Decision decision = payouts(lineNos, "REFERENCE", "MANY_TO_ONE", List.of(payout.get()),
                        reference(group.getValue().get(0)));
                decisions.add(decision);
                done.addAll(lineNos);
            }
        }
        for (ParsedStatement.Line line : lines) {
            if (!done.contains(line.lineNo())) {
                decisions.add(decide(line));
            }
        }
        decisions.sort(java.util.Comparator.comparing(decision -> decision.lineNos().get(0)));
        return decisions;
    }

    private Decision decide(ParsedStatement.Line line) {
        if (line.reversal()) {
            return Decision.exception(line.lineNo(), "BANK_REVERSAL", "the bank reversed an earlier entry");
        }
        if (line.bankReference() != null) {
            Optional<List<String>> seen = ledger.sameEntryDecided(line.bankReference(), line.direction(), line.amount());
            if (seen.isPresent()) {
                return Decision.matched(List.of(line.lineNo()), "DUPLICATE", "ONE_TO_ONE", seen.get(), List.of());
            }
        }
        if (line.returnReason() != null) {
            return returned(line);
        }
        return "DBIT".equals(line.direction()) ? debit(line) : credit(line);
    }

    private Decision returned(ParsedStatement.Line line) {
        if (!"CRDT".equals(line.direction()) || line.endToEndIds().size() != 1) {
            return Decision.exception(line.lineNo(), "UNMATCHED",
                    "a return must be a credit naming the returned payout by its end-to-end id");
        }
        Optional<Payout> payout = payout(line.endToEndIds().get(0));
        if (payout.isEmpty()) {
            return Decision.exception(line.lineNo(), "UNKNOWN_REFERENCE", "the returned payout is not in the ledger");
        }
        if (!within(line.amount(), payout.get().amount())) {
            return Decision.exception(line.lineNo(), "AMOUNT_MISMATCH",
                    "the return's amount differs from the payout's beyond the tolerance");
        }
        String status = status(payout.get());
        if ("RETURNED".equals(status)) {
            return claim(Decision.matched(List.of(line.lineNo()), "RETURN", "ONE_TO_ONE",
                    List.of(payout.get().payoutId() + ":return"), List.of()));
        }
        if (!"SETTLED".equals(status)) {
            return Decision.exception(line.lineNo(), "NOT_BOOKABLE", "the returned payout is " + status
                    + ", not SETTLED");
        }
        statusNow.put(payout.get().payoutId(), "RETURNED");
        return claim(Decision.matched(List.of(line.lineNo()), "RETURN", "ONE_TO_ONE",
                List.of(payout.get().payoutId() + ":return"),
                List.of(new Effect(EffectKind.RETURN_PAYOUT, payout.get().payoutId(), line.amount(), line.returnReason()))));
    }

    private Decision debit(ParsedStatement.Line line) {
        if (!line.endToEndIds().isEmpty()) {
            List<Payout> named = new ArrayList<>();
            for (String id : line.endToEndIds()) {
                payout(id).ifPresent(named::add);
            }
            if (named.size() == line.endToEndIds().size()) {
                long sum = named.stream().mapToLong(Payout::amount).sum();
                if (!within(line.amount(), sum)) {
                    return Decision.exception(line.lineNo(), "AMOUNT_MISMATCH", "the payouts the line names add up to "
                            + sum + " minor units, the line is " + line.amount());
                }
                return payouts(List.of(line.lineNo()), "REFERENCE", named.size() == 1 ? "ONE_TO_ONE" : "ONE_TO_MANY",
                        named, reference(line));
            }
            if (!named.isEmpty()) {
                return Decision.exception(line.lineNo(), "UNKNOWN_REFERENCE",
                        (line.endToEndIds().size() - named.size()) + " of the line's end-to-end ids name no payout");
            }
        }
        if (line.bankReference() != null) {
            Optional<Payout> confirmed = ledger.payoutByBankReference(line.bankReference());
            if (confirmed.isPresent() && within(line.amount(), confirmed.get().amount())) {
                return payouts(List.of(line.lineNo()), "REFERENCE", "ONE_TO_ONE", List.of(confirmed.get()),
                        reference(line));
            }
        }
        if (line.counterpartyIban() == null) {
            return Decision.exception(line.lineNo(), "UNMATCHED",
                    "no reference names a payout and the line states no counterparty account");
        }
        List<Payout> candidates = ledger.payoutsNear(line.amount() - tolerance, line.amount() + tolerance,
                line.valueDate().minusDays(window), line.valueDate().plusDays(window)).stream()
                .filter(payout -> line.counterpartyIban().equals(payout.beneficiaryIban()))
                .filter(payout -> !taken.contains(payout.payoutId()))
                .filter(payout -> ledger.reconciledWith(payout.payoutId()).isEmpty())
                .filter(payout -> payout.awaitsBank() || "SETTLED".equals(status(payout)))
                .toList();
        if (candidates.size() > 1) {
            return Decision.exception(line.lineNo(), "AMBIGUOUS", candidates.size()
                    + " payouts have this amount, counterparty and a day within the window");
        }
        if (candidates.isEmpty()) {
            return Decision.exception(line.lineNo(), "UNMATCHED",
                    "no payout has this amount, counterparty and a day within the window");
        }
        return payouts(List.of(line.lineNo()), "AMOUNT_DATE_COUNTERPARTY", "ONE_TO_ONE", candidates, reference(line));
    }

    private Decision credit(ParsedStatement.Line line) {
        List<String> named = new ArrayList<>(line.endToEndIds());
        if (line.remittance() != null) {
            named.addAll(List.of(line.remittance().split("[\\s,;/]+")));
        }
        for (String candidate : named) {
            if (Ids.ACCOUNT_ID.matcher(candidate).matches() && ledger.creditable(candidate)) {
                return Decision.matched(List.of(line.lineNo()), "WALLET_REFERENCE", "ONE_TO_ONE", List.of(),
                        List.of(new Effect(EffectKind.TOP_UP, candidate, line.amount(), reference(line))));
            }
        }
        return Decision.exception(line.lineNo(), "UNMATCHED", "no reference names a payout or an account to credit");
    }

    /** Lines reconciled with payouts: each payout awaiting the bank is settled; one the ledger settled already is not. */
    private Decision payouts(List<Integer> lines, String rule, String strategy, List<Payout> payouts, String reference) {
        List<Effect> effects = new ArrayList<>();
        for (Payout payout : payouts) {
            String status = status(payout);
            if ("INSTRUCTED".equals(status) || "OVERDUE".equals(status)) {
                effects.add(new Effect(EffectKind.SETTLE_PAYOUT, payout.payoutId(), payout.amount(), reference));
            } else if (!"SETTLED".equals(status)) {
                return Decision.exception(lines.get(0), "NOT_BOOKABLE", "the payout the line names is " + status
                        + ": the bank paid what the ledger does not hold as sent");
            }
        }
        Decision decision = claim(Decision.matched(lines, rule, strategy,
                payouts.stream().map(Payout::payoutId).toList(), effects));
        if (!decision.isException()) {
            payouts.forEach(payout -> statusNow.put(payout.payoutId(), "SETTLED"));
        }
        return decision;
    }

    /** A match takes its items, unless an earlier line (of this statement or another) took one already. */
    private Decision claim(Decision match) {
        for (String item : match.items()) {
            Optional<String> earlier = taken.contains(item) ? Optional.of("this statement")
                    : ledger.reconciledWith(item);
            if (earlier.isPresent()) {
                return Decision.exception(match.lineNos().get(0), "ALREADY_RECONCILED",
                        "ledger item " + item + " was already reconciled with " + earlier.get());
            }
        }
        taken.addAll(match.items());
        return match;
    }

    private Optional<Payout> payout(String id) {
        return ledger.payout(id);
    }

    private String status(Payout payout) {
        return statusNow.getOrDefault(payout.payoutId(), payout.status());
    }

    private boolean within(long amount, long expected) {
        return Math.abs(amount - expected) <= tolerance;
    }

    /** The bank's reference a settled payout records: its own, the entry's, or the line's place in the statement. */
    private static String reference(ParsedStatement.Line line) {
        return line.bankReference() != null ? line.bankReference()
                : line.entryReference() != null ? line.entryReference() : null;
    }
}
