package io.ledger.query.audit;

import io.ledger.audit.Checkpoint;
import io.ledger.audit.MerkleTree;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Signs checkpoints over contiguous ranges of the audit log. Creation is serialized by a transaction-
 * scoped advisory lock, so the projection (every N records) and the periodic job (at least every
 * minute) never cover a record twice or leave a hole, on one instance or several. The service makes the one
 * instance, with its interval ({@code ledger.audit.checkpoint-interval}).
 */
public class AuditCheckpoints {

    private static final long LOCK = 0x4c45444745524350L; // "LEDGERCP"

    private final JdbcTemplate jdbc;
    private final CheckpointSigner signer;
    private final TransactionTemplate transactions;
    private final int interval;

    public AuditCheckpoints(JdbcTemplate jdbc, CheckpointSigner signer, TransactionTemplate transactions,
                            int interval) {
        this.jdbc = jdbc;
        this.signer = signer;
        this.transactions = transactions;
        this.interval = interval;
    }

    /**
     * Called by the projection inside its transaction after appending records up to auditSeq, with the last record
     * the checkpoints covered when it read the chain's head: signs every full interval of records not yet covered
     * (read again under the lock, so a checkpoint made meanwhile is not made twice). The rest waits for the next
     * append or the periodic job, so checkpoints written here always cover exactly `interval` records.
     */
    void afterAppend(long auditSeq, long covered) {
        long fullIntervals = (auditSeq - covered) / interval;
        if (fullIntervals > 0) {
            checkpointUpTo(covered + fullIntervals * interval);
        }
    }

    /** Covers every committed record not yet covered; returns the newest checkpoint, if any. */
    public Optional<Checkpoint> checkpointAll() {
        return transactions.execute(status -> {
            Long max = jdbc.queryForObject("select max(audit_seq) from audit_record", Long.class);
            if (max != null) {
                checkpointUpTo(max);
            }
            return latest();
        });
    }

    /** Covers (lastCovered, upTo] with checkpoints of at most `interval` records each. */
    private void checkpointUpTo(long upTo) {
        jdbc.queryForObject("select pg_advisory_xact_lock(?)", Object.class, LOCK);
        for (long from = lastCoveredSeq() + 1; from <= upTo; from += interval) {
            checkpoint(from, Math.min(upTo, from + interval - 1));
        }
    }

    private void checkpoint(long from, long toSeq) {
        List<String> hashes = jdbc.queryForList(
                "select hash from audit_record where audit_seq between ? and ? order by audit_seq", String.class, from, toSeq);
        if (hashes.size() != toSeq - from + 1) {
            throw new IllegalStateException("audit log has a hole between " + from + " and " + toSeq);
        }
        long seq = Optional.ofNullable(jdbc.queryForObject("select max(checkpoint_seq) from audit_checkpoint", Long.class))
                .orElse(0L) + 1;
        Checkpoint unsigned = new Checkpoint(seq, from, toSeq, hashes.get(hashes.size() - 1),
                new MerkleTree(hashes).root(), Instant.now().truncatedTo(ChronoUnit.MICROS).toString(), signer.keyId(), null);
        Checkpoint signed = unsigned.signed(signer.sign(unsigned.canonicalBytes()));
        jdbc.update("insert into audit_checkpoint (checkpoint_seq, from_seq, to_seq, chain_head, merkle_root, created_at, "
                        + "key_id, signature) values (?, ?, ?, ?, ?, ?, ?, ?)",
                signed.checkpointSeq(), signed.fromSeq(), signed.toSeq(), signed.chainHead(), signed.merkleRoot(),
                signed.createdAt(), signed.keyId(), signed.signature());
    }

    private long lastCoveredSeq() {
        return Optional.ofNullable(jdbc.queryForObject("select max(to_seq) from audit_checkpoint", Long.class)).orElse(0L);
    }

    Optional<Checkpoint> latest() {
        return jdbc.query("select * from audit_checkpoint order by checkpoint_seq desc limit 1", AuditRows.CHECKPOINT)
                .stream().findFirst();
    }
}
