package io.ledger.api.reconcile;

import io.ledger.api.privacy.Masking;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.LedgerException;
import org.axonframework.messaging.MetaData;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A bank statement in (issue 22): read whole and checked (camt.053, camt.054 or CSV), its account found among the
 * linked ones, stored with its lines and its reconciliation scheduled. Identified by the bank's statement id within
 * the account and by the SHA-256 of its bytes: the same file again answers the first upload and applies nothing twice.
 */
public class StatementImport {

    public enum Format { CAMT, CSV }

    private final Statements statements;

    StatementImport(Statements statements) {
        this.statements = statements;
    }

    public Statements.Imported upload(Format format, byte[] file, MetaData lineage) {
        ParsedStatement parsed = format == Format.CSV ? CsvStatement.read(file) : CamtStatement.read(file);
        Statements.Link link = statements.findLink(parsed.iban()).orElseThrow(() -> new LedgerException(
                ErrorCode.BANK_ACCOUNT_NOT_LINKED, "the statement's account " + Masking.iban(parsed.iban())
                + " is not linked to a clearing account (POST /v1/bank-accounts)"));
        if (!link.currency().equals(parsed.currency())) {
            throw StatementRefused.because("the statement is in " + parsed.currency() + "; the linked account is in "
                    + link.currency());
        }
        String statementId = Ids.statementIdFor(parsed.iban(), parsed.statementReference());
        return statements.store(statementId, parsed, sha256(file), file.length, lineage);
    }

    /** Waits up to the given time for the statement's reconciliation to end; answers the statement as it then is. */
    public Statements.Statement await(String statementId, Duration atMost) {
        long until = System.nanoTime() + atMost.toNanos();
        while (true) {
            Statements.Statement statement = statements.find(statementId).orElseThrow();
            if (!"RECONCILING".equals(statement.status()) || System.nanoTime() > until) {
                return statement;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return statement;
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
