package io.ledger.messages.reconciliation;

import io.ledger.messages.privacy.PersonalData;

import java.util.List;

/**
 * One bank statement line was reconciled with the ledger (issue 22): by which rule (REFERENCE, AMOUNT_DATE_COUNTERPARTY,
 * WALLET_REFERENCE, RETURN, DUPLICATE, MANUAL, SUSPENSE), as which strategy (ONE_TO_ONE, ONE_TO_MANY, MANY_TO_ONE), to
 * which ledger items (payout and payment ids), and what it booked: NOTHING (the ledger already showed it), PAYOUT_SETTLED,
 * PAYOUT_RETURNED, TOP_UP or SUSPENSE. decidedBy is the principal the decision is made for: the statement's importer
 * for automatic matching, the back-office user for a manual one.
 */
public record StatementLineReconciledEvent(String statementId, int lineNo, String rule, String strategy,
                                           List<String> ledgerItems, String booked, @PersonalData String decidedBy) {
}
