package io.ledger.api.file;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A payment file as CSV (RFC 4180, UTF-8, a header line naming the columns in any order; {@code docs/api.md}).
 * Read by Apache Commons CSV record by record. A record carries no more than {@value #RECORD_MAX_CHARS} characters,
 * so one endless quoted field cannot fill the heap. A CSV file has no totals of its own.
 */
final class CsvPaymentFile implements PaymentFileReader {

    static final List<String> COLUMNS = List.of("debtor_account", "creditor_account", "creditor_iban",
            "creditor_name", "creditor_bic", "amount", "currency", "end_to_end_id", "remittance_info");
    private static final List<String> REQUIRED = List.of("debtor_account", "amount", "currency");
    static final int RECORD_MAX_CHARS = 16 * 1024;

    private final Bounded input;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Map<String, Integer> columns;
    private long linesRead;

    CsvPaymentFile(InputStream in) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.input = new Bounded(new InputStreamReader(in, utf8));
        try {
            this.parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                    .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW).setIgnoreEmptyLines(true).get()
                    .parse(input);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new FileRefused("the CSV header line cannot be read: " + reason(e));
        }
        this.columns = new HashMap<>();
        for (Map.Entry<String, Integer> header : parser.getHeaderMap().entrySet()) {
            // A byte order mark, as some spreadsheets write one, is not part of the first column's name.
            String column = header.getKey().startsWith("\uFEFF") ? header.getKey().substring(1) : header.getKey();
            if (!COLUMNS.contains(column)) {
                throw new FileRefused("unknown CSV column '" + shortened(column) + "'; the columns are " + COLUMNS);
            }
            columns.put(column, header.getValue());
        }
        Set<String> seen = columns.keySet();
        for (String column : REQUIRED) {
            if (!seen.contains(column)) {
                throw new FileRefused("the CSV header lacks the column " + column);
            }
        }
        if (!seen.contains("creditor_account") && !seen.contains("creditor_iban")) {
            throw new FileRefused("the CSV header needs creditor_account, creditor_iban or both");
        }
        this.records = parser.iterator();
        this.linesRead = parser.getCurrentLineNumber();
    }

    @Override
    public String messageId() {
        return null;
    }

    @Override
    public FileTransaction next() {
        CSVRecord record;
        try {
            input.startRecord();
            if (!records.hasNext()) {
                return null;
            }
            record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new FileRefused("the CSV file is malformed after line " + linesRead + ": " + reason(e));
        }
        String location = "line " + (linesRead + 1);
        linesRead = parser.getCurrentLineNumber();
        if (!record.isConsistent()) {
            return new FileTransaction(location, null, null, null, null, null, null, null, null, null, null,
                    "the record has " + record.size() + " fields; the header names " + columns.size());
        }
        String creditor = value(record, "creditor_account");
        String iban = value(record, "creditor_iban");
        String problem = creditor != null && iban != null
                ? "a line names either creditor_account (in the ledger) or creditor_iban (a payout), not both"
                : creditor == null && iban == null ? "creditor_account or creditor_iban is required" : null;
        return new FileTransaction(location, null, value(record, "debtor_account"), creditor,
                value(record, "creditor_name"), iban, value(record, "creditor_bic"), value(record, "amount"),
                value(record, "currency"), value(record, "end_to_end_id"), value(record, "remittance_info"), problem);
    }

    @Override
    public void finish() {
        // CSV carries no totals; the end of the stream is the end of the file.
    }

    private String value(CSVRecord record, String column) {
        Integer index = columns.get(column);
        if (index == null) {
            return null;
        }
        String value = record.get(index);
        return value.isEmpty() ? null : value;
    }

    private static String reason(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof FileRefused refused) {
                return refused.getMessage();
            }
            if (cause instanceof java.nio.charset.CharacterCodingException) {
                return "it is not UTF-8";
            }
        }
        // Commons CSV's messages name a position and the rule broken, not the file's content.
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return shortened(String.valueOf(cause.getMessage()));
    }

    private static String shortened(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** Counts the characters read for the current record and refuses a record past the limit. */
    private static final class Bounded extends FilterReader {
        private long sinceRecord;

        Bounded(Reader in) {
            super(in);
        }

        void startRecord() {
            sinceRecord = 0;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            count(c < 0 ? 0 : 1);
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            // The parser reads ahead by its buffer: the limit allows for one buffer beyond the record.
            if ((sinceRecord += n) > RECORD_MAX_CHARS + 8192) {
                throw new IOException(new FileRefused("a record is longer than " + RECORD_MAX_CHARS + " characters"));
            }
        }
    }
}
