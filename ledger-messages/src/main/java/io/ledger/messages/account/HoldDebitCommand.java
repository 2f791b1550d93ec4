package io.ledger.messages.account;

import io.ledger.messages.risk.RiskRuleSet;
import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Holds amount on the debtor for an authorization, if the account's rules allow a debit of it: answers
 * a PostingOutcome and records DebitReservedEvent or DebitRefusedEvent. Its risk rules, and its owner's verdict, are asked as a debit's are.
 * beneficiaryIban: a payout's beneficiary account, which BENEFICIARY_LISTED rules read (ADR 0035); a command is never
 * stored, so the IBAN stays out of the event store (the decision records it masked).
 */
public record HoldDebitCommand(@TargetAggregateIdentifier String accountId, String paymentId, Money amount,
                               String creditorAccountId, RiskRuleSet riskRules, OwnerVerdict owner,
                               String beneficiaryIban) implements DebitDecision {

    /** This hold again, with what the debtor's owner said of it (the debtor asked for it, ADR 0034). */
    @Override
    public HoldDebitCommand withOwner(OwnerVerdict verdict) {
        return new HoldDebitCommand(accountId, paymentId, amount, creditorAccountId, riskRules, verdict, beneficiaryIban);
    }

    /** A hold sent without an owner's verdict: the debtor asks for one when its owner has limits (ADR 0034). */
    public HoldDebitCommand(String accountId, String paymentId, Money amount, String creditorAccountId,
                            RiskRuleSet riskRules) {
        this(accountId, paymentId, amount, creditorAccountId, riskRules, null, null);
    }

    /** A hold judged by no risk rules. */
    public HoldDebitCommand(String accountId, String paymentId, Money amount) {
        this(accountId, paymentId, amount, null, RiskRuleSet.NONE);
    }
}
