package io.ledger.api.reconcile;

import io.ledger.api.file.SafeXml;
import org.iban4j.Iban4jException;
import org.iban4j.IbanUtil;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An ISO 20022 bank-to-customer statement ({@code camt.053.001.08}) or debit/credit notification
 * ({@code camt.054.001.08}), read safely ({@link SafeXml}) and whole: a statement is a day of one account, so it is
 * held as a bounded tree ({@value #MAX_ELEMENTS} elements at most, within the request's 32 MiB).
 *
 * <p>One statement (or notification) per file. Only booked entries ({@code Sts/Cd} BOOK) become lines; pending and
 * information entries are left out. Refused whole when an entry's currency is not the account's, a batch booking's
 * transactions do not add up to it, {@code TxsSummry/TtlNtries/NbOfNtries} disagrees, or the booked entries do not
 * lead from the opening balance to the closing one.
 */
final class CamtStatement {

    static final String CAMT_053 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08";
    static final String CAMT_054 = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08";
    static final int MAX_DEPTH = 24;
    static final int MAX_TEXT = 2_048;
    static final int MAX_ELEMENTS = 2_000_000;
    private static final Pattern REFERENCE = Pattern.compile("[\\p{Graph} ]{1,64}");

    private CamtStatement() {
    }

    /** Reads a camt.053 or camt.054 document, whichever namespace its root declares. */
    static ParsedStatement read(byte[] file) {
        String head = new String(file, 0, Math.min(file.length, 4_096), java.nio.charset.StandardCharsets.UTF_8);
        boolean notification = head.contains(CAMT_054);
        String namespace = notification ? CAMT_054 : CAMT_053;
        SafeXml.Element document = SafeXml.read(new java.io.ByteArrayInputStream(file), namespace, MAX_DEPTH, MAX_TEXT, MAX_ELEMENTS,
                StatementRefused::because);
        if (!"Document".equals(document.name())) {
            throw StatementRefused.because("the root must be Document");
        }
        String message = notification ? "BkToCstmrDbtCdtNtfctn" : "BkToCstmrStmt";
        String part = notification ? "Ntfctn" : "Stmt";
        SafeXml.Element body = document.find(message).orElseThrow(() -> StatementRefused.because(
                "Document holds " + message + " (" + (notification ? "camt.054.001.08" : "camt.053.001.08") + ")"));
        String messageId = reference(body.text("GrpHdr/MsgId"), "GrpHdr/MsgId");
        List<SafeXml.Element> statements = body.all(part);
        if (statements.size() != 1) {
            throw StatementRefused.because("one " + part + " per file is accepted; this one holds " + statements.size());
        }
        SafeXml.Element statement = statements.get(0);
        String reference = reference(statement.text("Id"), part + "/Id");
        String iban = iban(statement.text("Acct/Id/IBAN"), part + "/Acct/Id/IBAN");
        String currency = statement.text("Acct/Ccy");
        if (currency == null) {
            throw StatementRefused.because(part + "/Acct/Ccy is required");
        }
        Amounts.minor("0", currency, part + "/Acct/Ccy");

        List<ParsedStatement.Line> lines = new ArrayList<>();
        List<SafeXml.Element> entries = statement.all("Ntry");
        for (int i = 0; i < entries.size(); i++) {
            String where = part + "/Ntry[" + (i + 1) + "]";
            SafeXml.Element entry = entries.get(i);
            String status = entry.text("Sts/Cd");
            if (status == null) {
                throw StatementRefused.because(where + "/Sts/Cd is required");
            }
            if (!"BOOK".equals(status)) {
                continue;
            }
            lines.add(line(lines.size() + 1, where, entry, currency));
        }
        String declared = statement.text("TxsSummry/TtlNtries/NbOfNtries");
        long booked = entries.stream().filter(entry -> "BOOK".equals(entry.text("Sts/Cd"))).count();
        if (declared != null && !declared.equals(Long.toString(entries.size())) && !declared.equals(Long.toString(booked))) {
            throw StatementRefused.because(part + "/TxsSummry/TtlNtries/NbOfNtries says " + shortened(declared)
                    + " but the statement holds " + entries.size() + " entries");
        }

        Long opening = null;
        Long closing = null;
        Instant closingAt = null;
        for (SafeXml.Element balance : statement.all("Bal")) {
            String type = balance.text("Tp/CdOrPrtry/Cd");
            if (!"OPBD".equals(type) && !"CLBD".equals(type)) {
                continue;
            }
            String where = part + "/Bal[" + type + "]";
            SafeXml.Element amount = balance.find("Amt").orElseThrow(() -> StatementRefused.because(where + "/Amt is required"));
            if (!currency.equals(amount.attributes().get("Ccy"))) {
                throw StatementRefused.because(where + "/Amt is not in the account's currency " + currency);
            }
            long value = Amounts.signed(Amounts.minor(amount.text(), currency, where + "/Amt"),
                    balance.text("CdtDbtInd"), where + "/CdtDbtInd");
            if ("OPBD".equals(type)) {
                opening = value;
            } else {
                closing = value;
                closingAt = endOf(balance, where);
            }
        }
        String to = statement.text("FrToDt/ToDtTm");
        if (closing != null && to != null) {
            closingAt = instant(to, part + "/FrToDt/ToDtTm");
        }
        if (opening != null && closing != null) {
            long moved = lines.stream().mapToLong(ParsedStatement.Line::signedAmount).sum();
            if (opening + moved != closing) {
                throw StatementRefused.because("the booked entries do not lead from the opening balance to the closing"
                        + " balance (they differ by " + (closing - opening - moved) + " minor units)");
            }
        }
        return new ParsedStatement(notification ? "CAMT_054" : "CAMT_053", messageId, reference, iban, currency,
                opening, closing, closingAt, List.copyOf(lines));
    }

    private static ParsedStatement.Line line(int lineNo, String where, SafeXml.Element entry, String currency) {
        SafeXml.Element amount = entry.find("Amt").orElseThrow(() -> StatementRefused.because(where + "/Amt is required"));
        if (!currency.equals(amount.attributes().get("Ccy"))) {
            throw StatementRefused.because(where + "/Amt is not in the account's currency " + currency);
        }
        long minor = Amounts.minor(amount.text(), currency, where + "/Amt");
        if (minor <= 0) {
            throw StatementRefused.because(where + "/Amt must be greater than zero");
        }
        String direction = entry.text("CdtDbtInd");
        Amounts.signed(minor, direction, where + "/CdtDbtInd");
        List<String> endToEndIds = new ArrayList<>();
        String counterparty = null;
        String remittance = null;
        String returnReason = null;
        long sumOfTransactions = 0;
        boolean sumsKnown = true;
        int transactions = 0;
        for (SafeXml.Element details : entry.all("NtryDtls")) {
            for (SafeXml.Element tx : details.all("TxDtls")) {
                transactions++;
                String txWhere = where + "/NtryDtls/TxDtls[" + transactions + "]";
                String endToEnd = tx.text("Refs/EndToEndId");
                if (endToEnd != null && !"NOTPROVIDED".equals(endToEnd)) {
                    endToEndIds.add(reference(endToEnd, txWhere + "/Refs/EndToEndId"));
                }
                String txAmount = tx.find("Amt").or(() -> tx.find("AmtDtls/TxAmt/Amt")).map(SafeXml.Element::text)
                        .orElse(null);
                if (txAmount == null) {
                    sumsKnown = false;
                } else {
                    sumOfTransactions += Amounts.minor(txAmount, currency, txWhere + "/Amt");
                }
                String party = "DBIT".equals(direction) ? "RltdPties/CdtrAcct/Id/IBAN" : "RltdPties/DbtrAcct/Id/IBAN";
                if (counterparty == null && tx.text(party) != null) {
                    counterparty = iban(tx.text(party), txWhere + "/" + party);
                }
                if (remittance == null) {
                    remittance = tx.text("RmtInf/Ustrd");
                }
                if (returnReason == null) {
                    returnReason = tx.text("RtrInf/Rsn/Cd");
                }
            }
        }
        if (transactions > 1 && sumsKnown && sumOfTransactions != minor) {
            throw StatementRefused.because(where + " books " + minor + " minor units but its transactions add up to "
                    + sumOfTransactions);
        }
        String entryReference = optionalReference(entry.text("NtryRef"), where + "/NtryRef");
        String bankReference = optionalReference(entry.text("AcctSvcrRef"), where + "/AcctSvcrRef");
        return new ParsedStatement.Line(lineNo, where, entryReference, bankReference, direction, minor,
                date(entry, "BookgDt", where), date(entry, "ValDt", where), List.copyOf(endToEndIds), counterparty,
                remittance, returnReason, "true".equals(entry.text("RvslInd")));
    }

    private static LocalDate date(SafeXml.Element entry, String name, String where) {
        String date = entry.text(name + "/Dt");
        String dateTime = entry.text(name + "/DtTm");
        try {
            if (date != null) {
                return LocalDate.parse(date);
            }
            if (dateTime != null) {
                return instant(dateTime, where + "/" + name).atZone(ZoneOffset.UTC).toLocalDate();
            }
        } catch (DateTimeParseException e) {
            throw StatementRefused.because(where + "/" + name + " is not an ISO date");
        }
        throw StatementRefused.because(where + "/" + name + " is required");
    }

    /** The closing balance holds at the end of its date (UTC) or at its date and time. */
    private static Instant endOf(SafeXml.Element balance, String where) {
        String date = balance.text("Dt/Dt");
        if (date != null) {
            try {
                return LocalDate.parse(date).atTime(LocalTime.MAX).toInstant(ZoneOffset.UTC)
                        .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            } catch (DateTimeParseException e) {
                throw StatementRefused.because(where + "/Dt/Dt is not an ISO date");
            }
        }
        String dateTime = balance.text("Dt/DtTm");
        if (dateTime == null) {
            throw StatementRefused.because(where + "/Dt is required");
        }
        return instant(dateTime, where + "/Dt/DtTm");
    }

    /** An ISO date-time with its offset, or without one (then UTC). */
    static Instant instant(String text, String where) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw StatementRefused.because(where + " is not an ISO date-time");
            }
        }
    }

    static String iban(String value, String where) {
        if (value == null) {
            throw StatementRefused.because(where + " is required");
        }
        String iban = value.replace(" ", "");
        try {
            IbanUtil.validate(iban);
        } catch (Iban4jException e) {
            throw StatementRefused.because(where + " is not a valid IBAN");
        }
        return iban;
    }

    private static String reference(String value, String where) {
        if (value == null) {
            throw StatementRefused.because(where + " is required");
        }
        return Objects.requireNonNull(optionalReference(value, where));
    }

    private static String optionalReference(String value, String where) {
        if (value != null && !REFERENCE.matcher(value).matches()) {
            throw StatementRefused.because(where + " must be 1 to 64 printable characters");
        }
        return value;
    }

    private static String shortened(String text) {
        return text.length() <= 20 ? text : text.substring(0, 17) + "...";
    }
}
