package io.ledger.api.reconcile;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A bank statement as CSV (docs/reference/reconciliation.md), for banks without camt: RFC 4180 with a header line, read
 * by Apache Commons CSV. Each record is an {@code ENTRY} or a balance ({@code OPENING}, {@code CLOSING}) of one
 * statement: every record names the same statement id, IBAN and currency. Checked as a camt.053 is: the entries lead
 * from the opening balance to the closing one.
 */
final class CsvStatement {

    static final List<String> COLUMNS = List.of("record", "statement_id", "iban", "currency", "date", "direction",
            "amount", "end_to_end_id", "bank_reference", "counterparty_iban", "remittance_info", "return_reason");
    private static final List<String> REQUIRED = List.of("record", "statement_id", "iban", "currency", "date",
            "direction", "amount");
    private static final Pattern REFERENCE = Pattern.compile("[\\p{Graph} ]{1,64}");
    private static final Pattern REASON = Pattern.compile("[A-Z0-9]{4}");
    static final int MAX_RECORDS = 200_000;

    private CsvStatement() {
    }

    static ParsedStatement read(byte[] file) {
        var utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW).setIgnoreEmptyLines(true).get()
                .parse(new InputStreamReader(new ByteArrayInputStream(file), utf8))) {
            Map<String, Integer> columns = new HashMap<>();
            for (Map.Entry<String, Integer> header : parser.getHeaderMap().entrySet()) {
                String column = header.getKey().startsWith("\uFEFF") ? header.getKey().substring(1) : header.getKey();
                if (!COLUMNS.contains(column)) {
                    throw StatementRefused.because("unknown CSV column '" + shortened(column) + "'; the columns are "
                            + COLUMNS);
                }
                columns.put(column, header.getValue());
            }
            for (String column : REQUIRED) {
                if (!columns.containsKey(column)) {
                    throw StatementRefused.because("the CSV header lacks the column " + column);
                }
            }
            String statementId = null;
            String iban = null;
            String currency = null;
            Long opening = null;
            Long closing = null;
            Instant closingAt = null;
            List<ParsedStatement.Line> lines = new ArrayList<>();
            int records = 0;
            for (CSVRecord record : parser) {
                if (++records > MAX_RECORDS) {
                    throw StatementRefused.because("a CSV statement holds at most " + MAX_RECORDS + " records");
                }
                String where = "line " + parser.getCurrentLineNumber();
                if (!record.isConsistent()) {
                    throw StatementRefused.because(where + ": the record has " + record.size()
                            + " fields; the header names " + columns.size());
                }
                String id = value(record, columns, "statement_id", where);
                String recordIban = CamtStatement.iban(value(record, columns, "iban", where), where + " iban");
                String recordCurrency = value(record, columns, "currency", where);
                if (statementId == null) {
                    statementId = reference(id, where + " statement_id");
                    iban = recordIban;
                    currency = recordCurrency;
                    Amounts.minor("0", currency, where + " currency");
                } else if (!statementId.equals(id) || !iban.equals(recordIban) || !currency.equals(recordCurrency)) {
                    throw StatementRefused.because(where + ": every record names the same statement_id, iban and currency");
                }
                LocalDate date = date(value(record, columns, "date", where), where);
                String direction = value(record, columns, "direction", where);
                long amount = Amounts.minor(value(record, columns, "amount", where), currency, where + " amount");
                long signed = Amounts.signed(amount, direction, where + " direction");
                String kind = value(record, columns, "record", where);
                switch (kind) {
                    case "OPENING" -> opening = signed;
                    case "CLOSING" -> {
                        closing = signed;
                        closingAt = date.atTime(LocalTime.MAX).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
                    }
                    case "ENTRY" -> {
                        if (amount <= 0) {
                            throw StatementRefused.because(where + ": amount must be greater than zero");
                        }
                        String endToEnd = optional(record, columns, "end_to_end_id");
                        String counterparty = optional(record, columns, "counterparty_iban");
                        String reason = optional(record, columns, "return_reason");
                        if (reason != null && !REASON.matcher(reason).matches()) {
                            throw StatementRefused.because(where + ": return_reason is a four-character ISO 20022 code");
                        }
                        lines.add(new ParsedStatement.Line(lines.size() + 1, where, null,
                                optionalReference(optional(record, columns, "bank_reference"), where + " bank_reference"),
                                direction, amount, date, date,
                                endToEnd == null ? List.of() : List.of(reference(endToEnd, where + " end_to_end_id")),
                                counterparty == null ? null : CamtStatement.iban(counterparty, where + " counterparty_iban"),
                                optional(record, columns, "remittance_info"), reason, false));
                    }
                    default -> throw StatementRefused.because(where + ": record must be ENTRY, OPENING or CLOSING");
                }
            }
            if (statementId == null) {
                throw StatementRefused.because("the CSV statement holds no records");
            }
            if (opening != null && closing != null) {
                long moved = lines.stream().mapToLong(ParsedStatement.Line::signedAmount).sum();
                if (opening + moved != closing) {
                    throw StatementRefused.because("the entries do not lead from the opening balance to the closing"
                            + " balance (they differ by " + (closing - opening - moved) + " minor units)");
                }
            }
            return new ParsedStatement("CSV", statementId, statementId, iban, currency, opening, closing, closingAt,
                    List.copyOf(lines));
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw StatementRefused.because("the CSV cannot be read: " + String.valueOf(e.getMessage())
                    .replaceAll("\\s+", " ").substring(0, Math.min(160, String.valueOf(e.getMessage()).length())));
        }
    }

    private static String value(CSVRecord record, Map<String, Integer> columns, String column, String where) {
        String value = optional(record, columns, column);
        if (value == null) {
            throw StatementRefused.because(where + ": " + column + " is required");
        }
        return value;
    }

    private static String optional(CSVRecord record, Map<String, Integer> columns, String column) {
        Integer index = columns.get(column);
        if (index == null) {
            return null;
        }
        String value = record.get(index).strip();
        return value.isEmpty() ? null : value;
    }

    private static LocalDate date(String text, String where) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw StatementRefused.because(where + ": date must be an ISO date such as 2026-12-04");
        }
    }

    private static String reference(String value, String where) {
        if (!REFERENCE.matcher(value).matches()) {
            throw StatementRefused.because(where + " must be 1 to 64 printable characters");
        }
        return value;
    }

    private static String optionalReference(String value, String where) {
        return value == null ? null : reference(value, where);
    }

    private static String shortened(String text) {
        return text.length() <= 20 ? text : text.substring(0, 17) + "...";
    }
}
