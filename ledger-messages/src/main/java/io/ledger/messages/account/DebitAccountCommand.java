package io.ledger.messages.account;

import io.ledger.messages.risk.RiskRuleSet;
import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Posts a payment's debit on the debtor account, if the account's rules allow it (ADR 0013) and then the risk rules
 * of the version the payment arrived under (ADR 0026; the saga sends them along), which may hold it for review
 * instead or deny it. owner: what the debtor's owner said of it, when the debtor asked for it (its owner has limits, ADR 0034).
 */
public record DebitAccountCommand(@TargetAggregateIdentifier String accountId, String paymentId, Money amount,
                                  String creditorAccountId, RiskRuleSet riskRules, OwnerVerdict owner)
        implements DebitDecision {

    /** This debit again, with what the debtor's owner said of it (the debtor asked for it, ADR 0034). */
    @Override
    public DebitAccountCommand withOwner(OwnerVerdict verdict) {
        return new DebitAccountCommand(accountId, paymentId, amount, creditorAccountId, riskRules, verdict);
    }

    /** A debit sent without an owner's verdict: the debtor asks for one when its owner has limits (ADR 0034). */
    public DebitAccountCommand(String accountId, String paymentId, Money amount, String creditorAccountId,
                               RiskRuleSet riskRules) {
        this(accountId, paymentId, amount, creditorAccountId, riskRules, null);
    }

    /** A debit judged by no risk rules: tests of the posting rules. */
    public DebitAccountCommand(String accountId, String paymentId, Money amount) {
        this(accountId, paymentId, amount, null, RiskRuleSet.NONE);
    }
}
