package io.ledger.api.web;

import io.ledger.api.batch.FileLock;
import io.ledger.api.batch.PaymentBatches;
import io.ledger.api.file.FileRefused;
import io.ledger.api.file.FileTransaction;
import io.ledger.api.file.PaymentFileReader;
import io.ledger.api.security.BodySizeFilter;
import io.ledger.api.security.Caller;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.LedgerException;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A payment file imported as it arrives (issue 20, ADR 0023): each transaction is checked by the code that checks a
 * single request ({@link PaymentRequests}, {@link PayoutRequests}) and stored as an item, a chunk at a time, so the
 * file's progress shows and the heap holds one chunk, whatever the file's size. The file is accepted, recorded in
 * the audit chain and handed to the batch dispatch only once it was read whole and its totals agreed; a file refused
 * whole leaves nothing behind. One import of a file runs at a time, under its lock.
 */
@Component
class PaymentFileImport {

    static final int MAX_TRANSACTIONS = 2_000_000;
    static final int CHUNK = 1_000;
    /** ISO 20022's Max35Text, printable: a message id must read back the same in a status report. */
    private static final Pattern MESSAGE_ID = Pattern.compile("[\\p{Graph} ]{1,35}");
    private static final Duration LOCK_WAIT = Duration.ofMinutes(5);

    private final PaymentRequests payments;
    private final PayoutRequests payouts;
    private final PaymentBatches batches;
    private final LedgerGateway ledger;

    PaymentFileImport(PaymentRequests payments, PayoutRequests payouts, PaymentBatches batches, LedgerGateway ledger) {
        this.payments = payments;
        this.payouts = payouts;
        this.batches = batches;
        this.ledger = ledger;
    }

    record Imported(String fileId, boolean replayed) {
    }

    /**
     * Imports the file the body holds. The same file again (same message id, same bytes) answers the first import
     * and applies nothing; another file under a message id already used is refused.
     */
    Imported upload(Caller caller, PaymentFileReader.Format format, String idempotencyKey, InputStream body) {
        try {
            return read(caller, format, idempotencyKey, body);
        } catch (FileRefused | UncheckedIOException refused) {
            for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
                if (cause instanceof BodySizeFilter.PayloadTooLargeException tooLarge) {
                    throw new LedgerException(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage());
                }
            }
            if (refused instanceof UncheckedIOException) {
                throw refused;
            }
            throw new LedgerException(ErrorCode.PAYMENT_FILE_REFUSED, refused.getMessage());
        }
    }

    private Imported read(Caller caller, PaymentFileReader.Format format, String idempotencyKey, InputStream body) {
        String key = format == PaymentFileReader.Format.CSV ? InputRules.idempotencyKey(idempotencyKey) : null;
        Counted counted = new Counted(body);
        DigestInputStream hashed = new DigestInputStream(counted, sha256());
        PaymentFileReader reader = format.open(hashed);
        String messageId = key != null ? key : reader.messageId();
        if (!MESSAGE_ID.matcher(messageId).matches()) {
            throw new FileRefused("GrpHdr/MsgId must be 1 to 35 printable characters");
        }
        if (key == null && idempotencyKey != null && !idempotencyKey.equals(messageId)) {
            throw InputRules.invalid("a pain.001 file is identified by its GrpHdr/MsgId; an Idempotency-Key, "
                    + "where given, must be the same");
        }
        String fileId = Ids.fileIdFor(caller.subject(), messageId);
        MetaData lineage = ledger.lineage(caller);
        try (FileLock lock = batches.lockFile(fileId, LOCK_WAIT)) {
            Optional<PaymentBatches.FileState> stored = batches.fileState(fileId);
            if (stored.isPresent() && !"IMPORTING".equals(stored.get().status())) {
                // Imported before: the same bytes are a replay; other bytes under this message id are refused.
                drain(hashed);
                if (!hex(hashed).equals(stored.get().contentHash())) {
                    throw new LedgerException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "the message id " + messageId
                            + " was already used for a different file");
                }
                return new Imported(fileId, true);
            }
            // Not imported, or an import whose instance died (it let go of the lock): import from the start.
            batches.beginFile(fileId, format.name(), messageId, lineage);
            try {
                String itemsDigest = importItems(caller, fileId, reader);
                drain(hashed);
                batches.completeFile(fileId, format.name(), messageId, hex(hashed), counted.bytes, itemsDigest,
                        lineage);
                return new Imported(fileId, false);
            } catch (RuntimeException refused) {
                batches.discardFile(fileId);
                throw refused;
            }
        }
    }

    private String importItems(Caller caller, String fileId, PaymentFileReader reader) {
        PaymentBatches.ItemsDigest digest = new PaymentBatches.ItemsDigest();
        List<PaymentBatches.Item> chunk = new ArrayList<>(CHUNK);
        int itemNo = 0;
        for (FileTransaction transaction = reader.next(); transaction != null; transaction = reader.next()) {
            if (++itemNo > MAX_TRANSACTIONS) {
                throw new FileRefused("a file holds at most " + MAX_TRANSACTIONS + " transactions");
            }
            PaymentBatches.Item item = item(caller, fileId + ":" + itemNo, transaction);
            digest.add(item);
            chunk.add(item);
            if (chunk.size() == CHUNK) {
                batches.addFileItems(fileId, itemNo - CHUNK + 1, chunk);
                chunk.clear();
            }
        }
        reader.finish();
        if (itemNo == 0) {
            throw new FileRefused("the file holds no transactions");
        }
        if (!chunk.isEmpty()) {
            batches.addFileItems(fileId, itemNo - chunk.size() + 1, chunk);
        }
        return digest.hex();
    }

    /** A line as a single request would be checked; what a single request would be refused is a refused item. */
    private PaymentBatches.Item item(Caller caller, String key, FileTransaction line) {
        String endToEndId = "NOTPROVIDED".equals(line.endToEndId()) ? null : line.endToEndId();
        try {
            if (line.problem() != null) {
                throw InputRules.invalid(line.problem());
            }
            PaymentBatches.Item item = line.isPayout()
                    ? PaymentBatches.Item.payout(key, payouts.prepare(caller, new PayoutRequest(line.debtorAccount(),
                            line.amount(), line.currency(), new PayoutRequest.BeneficiaryBody(line.creditorName(),
                            line.creditorIban(), line.creditorBic()), line.remittanceInfo()), key))
                    : PaymentBatches.Item.accepted(key, payments.prepare(caller, new PaymentRequest(
                            line.debtorAccount(), line.creditorAccount(), line.amount(), line.currency(),
                            line.remittanceInfo(), null, null, endToEndId, null), key));
            return item.from(line.location(), line.group(), endToEndId);
        } catch (LedgerException refused) {
            String id = line.isPayout() ? Ids.payoutIdFor(caller.subject(), key) : Ids.paymentIdFor(caller.subject(), key);
            return PaymentBatches.Item.refused(key, id, refused.code(), refused.getMessage())
                    .from(line.location(), line.group(), endToEndId);
        }
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) >= 0) {
                // hashed on the way
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(DigestInputStream hashed) {
        return HexFormat.of().formatHex(hashed.getMessageDigest().digest());
    }

    /** Counts the bytes of the upload. */
    private static final class Counted extends FilterInputStream {
        private long bytes;

        Counted(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytes++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                bytes += n;
            }
            return n;
        }
    }
}
