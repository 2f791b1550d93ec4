package io.ledger.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledger.audit.AuditRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A signed account statement (issue 22): the posted balance at {@code from}, at {@code to}, and the postings between,
 * computed from the account's own audit records — every one from its opening, each with its Merkle proof to a signed
 * checkpoint. The service writes it beside an export of those records; {@code verify-export} replays the same records
 * and refuses a statement whose figures they do not give. Which events move the posted balance is said here once, for
 * both: a direct credit or debit, and a hold posted (a hold itself moves only the pending balances).
 */
public final class AccountStatement {

    public static final String FORMAT = "ledger-account-statement-v1";

    /** The posted balance's direction for each event that moves it. */
    private static final Map<String, Integer> POSTINGS = Map.of(
            "io.ledger.messages.account.AccountCreditedEvent", 1,
            "io.ledger.messages.account.CreditPostedEvent", 1,
            "io.ledger.messages.account.AccountDebitedEvent", -1,
            "io.ledger.messages.account.DebitPostedEvent", -1);

    /** One posting of the statement period: its audit record, when, what, which payment, the signed amount. */
    public record Entry(long auditSeq, long aggregateSeq, String timestamp, String eventType, String paymentId,
                        long amount) {
    }

    private final String accountId;
    private final Instant from;
    private final Instant to;
    private final ObjectMapper json;
    private String currency;
    private long opening;
    private long closing;
    private final List<Entry> entries = new ArrayList<>();

    public AccountStatement(String accountId, Instant from, Instant to, ObjectMapper json) {
        this.accountId = accountId;
        this.from = from;
        this.to = to;
        this.json = json;
    }

    public String accountId() {
        return accountId;
    }

    /** Takes one audit record of the export; only the account's own postings count. */
    public void accept(AuditRecord record) {
        if (!"Account".equals(record.aggregateType()) || !accountId.equals(record.aggregateId())) {
            return;
        }
        Instant at = Instant.parse(record.timestamp());
        if (!at.isBefore(to)) {
            return;
        }
        Integer sign = POSTINGS.get(record.eventType());
        JsonNode payload = payload(record);
        if (currency == null && payload.path("currency").isTextual()) {
            currency = payload.path("currency").asText();
        }
        if (sign == null) {
            return;
        }
        long amount = sign * payload.path("amount").path("minorUnits").asLong();
        if (at.isBefore(from)) {
            opening += amount;
        } else {
            entries.add(new Entry(record.auditSeq(), record.aggregateSeq(), record.timestamp(),
                    record.eventType().substring(record.eventType().lastIndexOf('.') + 1),
                    payload.path("paymentId").asText(null), amount));
        }
        closing += amount;
    }

    private JsonNode payload(AuditRecord record) {
        try {
            return json.readTree(record.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statement's line in the export file. */
    public ObjectNode line() {
        ObjectNode line = json.createObjectNode();
        line.put("type", "statement");
        line.put("format", FORMAT);
        line.put("accountId", accountId);
        line.put("currency", currency);
        line.put("from", from.toString());
        line.put("to", to.toString());
        line.put("openingBalance", opening);
        line.put("closingBalance", closing);
        ArrayNode list = line.putArray("entries");
        for (Entry entry : entries) {
            list.add(json.valueToTree(entry));
        }
        return line;
    }

    /**
     * What the records give against what the statement says: null when they agree, else the first difference. Used
     * by {@code verify-export} after it replayed the records into a statement of its own.
     */
    public String differenceFrom(JsonNode stated) {
        ObjectNode computed = line();
        for (String field : List.of("accountId", "currency", "from", "to", "openingBalance", "closingBalance", "entries")) {
            // As written: an int and a long of the same value are the same figure.
            if (!computed.path(field).toString().equals(stated.path(field).toString())) {
                return "the statement's " + field + " is not what the account's records give ("
                        + shortened(stated.path(field).toString()) + " stated, " + shortened(computed.path(field).toString())
                        + " recorded)";
            }
        }
        return null;
    }

    private static String shortened(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
