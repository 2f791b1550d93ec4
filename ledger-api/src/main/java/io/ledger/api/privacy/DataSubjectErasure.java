package io.ledger.api.privacy;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.privacy.DataSubjectErasedEvent;
import io.ledger.query.privacy.ReadModelErasure;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Erases a data subject (ADR 0021), in one transaction: refused while the subject holds an account that is
 * not closed (its balances, holds and statements are still the ledger's business); otherwise the subject's
 * key is deleted, the read models' and the audit log's clear copies rewritten to read erased, and the
 * erasure recorded as an event in the audit chain. Nothing of it is applied unless all of it is.
 */
@Component
public class DataSubjectErasure {

    private final SubjectKeyStore keys;
    private final Sealing sealing;
    private final ReadModelErasure readModels;
    private final EventBus events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public DataSubjectErasure(SubjectKeyStore keys, Sealing sealing, ReadModelErasure readModels, EventBus events,
                              PlatformTransactionManager transactions) {
        this.keys = keys;
        this.sealing = sealing;
        this.readModels = readModels;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = Clock.systemUTC();
    }

    /** What one erasure did: the reference its sealed values carry, when, and the clear copies rewritten. */
    public record Erased(String subjectRef, Instant erasedAt, int accounts, int payments, int payouts,
                         int auditRecords, int auditCommands) {
    }

    /** Erases the subject; {@code lineage} is the request's metadata, which the erasure event carries. */
    public Erased erase(String subjectId, Map<String, ?> lineage) {
        Erased erased = transaction.execute(status -> {
            List<String> open = readModels.accountsNotClosed(subjectId);
            if (!open.isEmpty()) {
                throw new LedgerException(ErrorCode.DATA_SUBJECT_HAS_OPEN_ACCOUNTS,
                        "the subject holds accounts that are not closed: " + String.join(", ", open));
            }
            // The rewrite first and the key last: a key store outside this transaction (a vault) cannot take
            // its deletion back, so everything that can fail is done before it.
            ReadModelErasure.Scrubbed rewritten = readModels.scrub(subjectId);
            String ref = keys.erase(subjectId).orElseThrow(() -> new LedgerException(ErrorCode.DATA_SUBJECT_NOT_FOUND,
                    "the ledger holds no key for this subject: none was ever sealed, or it was erased before"));
            Instant at = clock.instant();
            // Published without a unit of work, the event is appended on this transaction's connection.
            events.publish(GenericEventMessage.asEventMessage(new DataSubjectErasedEvent(ref, at)).andMetaData(lineage));
            return new Erased(ref, at, rewritten.accounts(), rewritten.payments(), rewritten.payouts(),
                    rewritten.auditRecords(), rewritten.auditCommands());
        });
        sealing.forget(subjectId, erased.subjectRef());
        return erased;
    }
}
