package io.ledger.api.file;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A payment file's result as an ISO 20022 customer payment status report ({@code pain.002.001.10}), written as a
 * stream while its items are read: one {@code TxInfAndSts} per transaction, grouped by the payment information
 * ({@code PmtInf}) it came in. A reason is given as the ISO external status reason code where one says the same
 * thing (AM04 for insufficient funds, ...), else as the ledger's own code ({@code Prtry}); the ledger's code and its
 * detail are always in {@code AddtlInf}.
 */
public final class Pain002Report {

    static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10";
    private static final Map<String, String> ISO_REASONS = Map.of(
            "INSUFFICIENT_FUNDS", "AM04",
            "ACCOUNT_NOT_FOUND", "AC01",
            "ACCOUNT_CLOSED", "AC04",
            "ACCOUNT_FROZEN", "AC06",
            "INVALID_AMOUNT", "AM12",
            "UNKNOWN_CURRENCY", "AM11",
            "CURRENCY_MISMATCH", "AM11",
            "EXTERNAL_REFERENCE_TAKEN", "AM05",
            "SAME_ACCOUNT", "AC01");

    /** The file the report answers. */
    public record Original(String reportId, String messageId, String format, int transactions, String groupStatus) {
    }

    /** One transaction's result: the ledger's status of its payment or payout, and the reason where it failed. */
    public record Line(String group, String endToEndId, String status, String reason, String detail) {
    }

    private Pain002Report() {
    }

    /** The group status of a file from its items' statuses: RCVD while it is imported, then RJCT, PDNG, ACSC or PART. */
    public static String groupStatus(boolean imported, Map<String, Long> statuses) {
        if (!imported) {
            return "RCVD";
        }
        long all = statuses.values().stream().mapToLong(Long::longValue).sum();
        long rejected = 0;
        long pending = 0;
        long settled = 0;
        for (Map.Entry<String, Long> status : statuses.entrySet()) {
            switch (transactionStatus(status.getKey())) {
                case "RJCT", "CANC" -> rejected += status.getValue();
                case "PDNG" -> pending += status.getValue();
                default -> settled += status.getValue();
            }
        }
        return rejected == all ? "RJCT" : pending > 0 ? "PDNG" : settled == all ? "ACSC" : "PART";
    }

    /** ISO 20022's transaction status for the ledger's status of an item. */
    static String transactionStatus(String status) {
        return switch (status) {
            case "SETTLED", "REVERSED" -> "ACSC";
            case "REFUSED", "REJECTED", "EXPIRED", "VOIDED", "RETURNED" -> "RJCT";
            case "CANCELLED" -> "CANC";
            default -> "PDNG";   // QUEUED, PENDING, AUTHORIZED, IN_REVIEW, INSTRUCTED, OVERDUE
        };
    }

    /** Writes the report; {@code lines} hands every line, in the file's order, to the consumer it is given. */
    public static void write(OutputStream out, Original original, Consumer<Consumer<Line>> lines) {
        try {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("Document");
            xml.writeDefaultNamespace(NAMESPACE);
            xml.writeStartElement("CstmrPmtStsRpt");
            xml.writeStartElement("GrpHdr");
            element(xml, "MsgId", original.reportId());
            element(xml, "CreDtTm", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            xml.writeEndElement();
            xml.writeStartElement("OrgnlGrpInfAndSts");
            element(xml, "OrgnlMsgId", original.messageId());
            element(xml, "OrgnlMsgNmId", "PAIN_001".equals(original.format()) ? "pain.001.001.09" : "CSV");
            element(xml, "OrgnlNbOfTxs", Integer.toString(original.transactions()));
            element(xml, "GrpSts", original.groupStatus());
            xml.writeEndElement();
            String[] group = {null};
            boolean[] open = {false};
            lines.accept(line -> {
                try {
                    if (!open[0] || !Objects.equals(group[0], line.group())) {
                        if (open[0]) {
                            xml.writeEndElement();
                        }
                        xml.writeStartElement("OrgnlPmtInfAndSts");
                        element(xml, "OrgnlPmtInfId", line.group() == null ? "NOTPROVIDED" : line.group());
                        group[0] = line.group();
                        open[0] = true;
                    }
                    transaction(xml, line);
                } catch (XMLStreamException e) {
                    throw new IllegalStateException("could not write the status report", e);
                }
            });
            if (open[0]) {
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.flush();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write the status report", e);
        }
    }

    private static void transaction(XMLStreamWriter xml, Line line) throws XMLStreamException {
        xml.writeStartElement("TxInfAndSts");
        element(xml, "OrgnlEndToEndId", line.endToEndId() == null ? "NOTPROVIDED" : line.endToEndId());
        String status = transactionStatus(line.status());
        element(xml, "TxSts", status);
        if (line.reason() != null && ("RJCT".equals(status) || "CANC".equals(status))) {
            xml.writeStartElement("StsRsnInf");
            xml.writeStartElement("Rsn");
            String iso = ISO_REASONS.get(line.reason());
            if (iso != null) {
                element(xml, "Cd", iso);
            } else {
                element(xml, "Prtry", line.reason());
            }
            xml.writeEndElement();
            String detail = line.reason() + (line.detail() == null ? "" : ": " + line.detail());
            element(xml, "AddtlInf", detail.length() <= 105 ? detail : detail.substring(0, 102) + "...");
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }
}
