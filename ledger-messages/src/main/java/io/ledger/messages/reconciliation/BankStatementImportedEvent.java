package io.ledger.messages.reconciliation;

import io.ledger.messages.privacy.PersonalData;

import java.time.Instant;

/**
 * A bank statement (camt.053), notification (camt.054) or CSV statement was read whole and stored (issue 22): the
 * root of its lines' lineage in the audit chain. It names the file by the bank's statement id and the SHA-256 of its
 * bytes; linesDigest commits the chain to the lines read from it. Balances are signed minor units as the bank states
 * them (null where the file has none, as a notification); closingAt is the moment the closing balance is as of.
 * No counterparty's name or account and no remittance text enters the event.
 */
public record BankStatementImportedEvent(String statementId, String format, String messageId, String statementReference,
                                         String iban, String currency, String contentHash, long bytes, int lineCount,
                                         Long openingBalance, Long closingBalance, Instant closingAt,
                                         String linesDigest, @PersonalData String importedBy) {
}
