package io.ledger.api.file;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An ISO 20022 customer credit transfer initiation ({@code pain.001.001.09}) read with the JDK's StAX parser, one
 * {@code CdtTrfTxInf} at a time (ADR 0023). What a transaction holds is kept by its path below the transaction, so
 * memory is bounded by the transaction, not the file.
 *
 * <p>Safe by construction: a DTD is refused where it appears (so no entity is ever declared, let alone expanded:
 * no XXE, no billion laughs), external entities and DTD loading are off in the parser as well, elements nest at most
 * {@value #MAX_DEPTH} deep, a text is at most {@value #MAX_TEXT} characters and a transaction at most
 * {@value #MAX_FIELDS} distinct elements. The file's totals ({@code GrpHdr/NbOfTxs}, {@code CtrlSum}, and each
 * {@code PmtInf}'s own where given) are checked against what was read.
 */
final class Pain001File implements PaymentFileReader {

    static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";
    static final int MAX_DEPTH = 24;
    static final int MAX_TEXT = 2_048;
    static final int MAX_FIELDS = 128;
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,18}(\\.\\d{1,17})?");
    private static final Pattern COUNT = Pattern.compile("\\d{1,15}");

    private final XMLStreamReader xml;
    /** The open elements, the root first. */
    private final List<String> path = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final Map<String, String> header = new HashMap<>();
    private final Map<String, String> group = new HashMap<>();
    private final Map<String, String> transaction = new HashMap<>();
    private String currency;
    private long groups;
    private long transactionsInGroup;
    private long transactionsInFile;
    private BigDecimal sumOfGroup = BigDecimal.ZERO;
    private BigDecimal sumOfFile = BigDecimal.ZERO;
    private boolean sumsKnown = true;
    private boolean ended;

    Pain001File(InputStream in) {
        try {
            this.xml = SafeXml.FACTORY.createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            throw refused(e);
        }
        // The group header comes first (the schema's order): read it so the message id is known at once.
        while (!ended && !(path.size() == 3 && "PmtInf".equals(last()))) {
            step();
        }
        if (header.get("MsgId") == null) {
            throw new FileRefused("GrpHdr/MsgId is required and comes first in CstmrCdtTrfInitn");
        }
        if (header.get("NbOfTxs") == null) {
            throw new FileRefused("GrpHdr/NbOfTxs is required");
        }
    }

    @Override
    public String messageId() {
        return header.get("MsgId");
    }

    @Override
    public FileTransaction next() {
        while (!ended) {
            FileTransaction read = step();
            if (read != null) {
                return read;
            }
        }
        return null;
    }

    @Override
    public void finish() {
        while (!ended) {
            if (step() != null) {
                throw new IllegalStateException("finish() before the last transaction was read");
            }
        }
        check("GrpHdr", header, transactionsInFile, sumOfFile);
    }

    /** Reads one event; answers the transaction it completed, if it completed one. */
    private FileTransaction step() {
        try {
            if (!xml.hasNext()) {
                if (!path.isEmpty()) {
                    throw new FileRefused("the file ends inside " + String.join("/", path));
                }
                ended = true;
                return null;
            }
            switch (xml.next()) {
                case XMLStreamConstants.DTD -> throw new FileRefused(
                        "a DTD is not accepted in a payment file (no entities, no external references)");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new FileRefused("entity references are not accepted");
                case XMLStreamConstants.START_ELEMENT -> start();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (text.length() + xml.getTextLength() > MAX_TEXT) {
                        throw new FileRefused("a text in " + String.join("/", path) + " is longer than "
                                + MAX_TEXT + " characters");
                    }
                    text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return end();
                }
                case XMLStreamConstants.END_DOCUMENT -> ended = true;
                default -> {
                    // comments and processing instructions carry nothing a payment needs
                }
            }
            return null;
        } catch (XMLStreamException e) {
            throw refused(e);
        }
    }

    private void start() {
        String name = xml.getLocalName();
        if (path.isEmpty()) {
            if (!"Document".equals(name) || !NAMESPACE.equals(xml.getNamespaceURI())) {
                throw new FileRefused("the root must be Document in " + NAMESPACE + " (pain.001.001.09)");
            }
        } else if (!NAMESPACE.equals(xml.getNamespaceURI())) {
            throw new FileRefused("element " + name + " is not in the pain.001.001.09 namespace");
        }
        if (path.size() == 1 && !"CstmrCdtTrfInitn".equals(name)) {
            throw new FileRefused("Document holds CstmrCdtTrfInitn, not " + name);
        }
        if (path.size() >= MAX_DEPTH) {
            throw new FileRefused("elements nest deeper than " + MAX_DEPTH);
        }
        path.add(name);
        text.setLength(0);
        if (path.size() == 3 && "PmtInf".equals(name)) {
            groups++;
            group.clear();
            transactionsInGroup = 0;
            sumOfGroup = BigDecimal.ZERO;
        } else if (inTransaction() && path.size() == 4) {
            transaction.clear();
            currency = null;
        } else if (inTransaction() && relative(4).equals("Amt/InstdAmt")) {
            currency = xml.getAttributeValue(null, "Ccy");
        }
    }

    private FileTransaction end() {
        String value = text.toString().strip();
        text.setLength(0);
        FileTransaction completed = null;
        if (path.size() == 4 && "GrpHdr".equals(path.get(2))) {
            header.put(last(), value);
        } else if (inTransaction() && path.size() > 4) {
            if (!value.isEmpty()) {
                transaction.put(relative(4), value);
                if (transaction.size() > MAX_FIELDS) {
                    throw new FileRefused("a transaction holds more than " + MAX_FIELDS + " elements");
                }
            }
        } else if (inTransaction() && path.size() == 4) {
            completed = transaction();
        } else if (path.size() > 3 && "PmtInf".equals(path.get(2)) && !value.isEmpty()) {
            group.put(relative(3), value);
            if (group.size() > MAX_FIELDS) {
                throw new FileRefused("a PmtInf holds more than " + MAX_FIELDS + " elements");
            }
        } else if (path.size() == 3 && "PmtInf".equals(last())) {
            check("PmtInf[" + groups + "]", group, transactionsInGroup, sumOfGroup);
        }
        path.remove(path.size() - 1);
        return completed;
    }

    private String last() {
        return path.isEmpty() ? null : path.get(path.size() - 1);
    }

    private boolean inTransaction() {
        return path.size() >= 4 && "PmtInf".equals(path.get(2)) && "CdtTrfTxInf".equals(path.get(3));
    }

    /** The path below the element at depth {@code depth} (1-based), such as {@code Amt/InstdAmt}. */
    private String relative(int depth) {
        return String.join("/", path.subList(Math.min(depth, path.size()), path.size()));
    }

    private FileTransaction transaction() {
        transactionsInGroup++;
        transactionsInFile++;
        String location = "PmtInf[" + groups + "]/CdtTrfTxInf[" + transactionsInGroup + "]";
        String amount = transaction.get("Amt/InstdAmt");
        if (amount != null && DECIMAL.matcher(amount).matches()) {
            sumOfGroup = sumOfGroup.add(new BigDecimal(amount));
            sumOfFile = sumOfFile.add(new BigDecimal(amount));
        } else {
            sumsKnown = false;
        }
        String debtor = group.get("DbtrAcct/Id/Othr/Id");
        String creditor = transaction.get("CdtrAcct/Id/Othr/Id");
        String iban = transaction.get("CdtrAcct/Id/IBAN");
        String problem = null;
        if (debtor == null) {
            problem = group.containsKey("DbtrAcct/Id/IBAN")
                    ? "the debtor must be a ledger account, given as PmtInf/DbtrAcct/Id/Othr/Id, not an IBAN"
                    : "PmtInf/DbtrAcct/Id/Othr/Id (the debtor's ledger account) is required";
        } else if (group.get("PmtMtd") != null && !"TRF".equals(group.get("PmtMtd"))) {
            problem = "PmtInf/PmtMtd must be TRF (a credit transfer)";
        } else if (amount == null) {
            problem = "Amt/InstdAmt is required";
        } else if (currency == null) {
            problem = "Amt/InstdAmt needs its Ccy attribute";
        } else if (creditor == null && iban == null) {
            problem = "CdtrAcct/Id/Othr/Id (a ledger account) or CdtrAcct/Id/IBAN (a payout) is required";
        } else if (creditor != null && iban != null) {
            problem = "CdtrAcct/Id is either Othr/Id or IBAN, not both";
        }
        return new FileTransaction(location, group.get("PmtInfId"), debtor, creditor, transaction.get("Cdtr/Nm"),
                iban, transaction.get("CdtrAgt/FinInstnId/BICFI"), amount, currency,
                transaction.get("PmtId/EndToEndId"), transaction.get("RmtInf/Ustrd"), problem);
    }

    /** A header's declared count and control sum against what was read below it. */
    private void check(String where, Map<String, String> declared, long count, BigDecimal sum) {
        String declaredCount = declared.get("NbOfTxs");
        if (declaredCount != null && (!COUNT.matcher(declaredCount).matches()
                || Long.parseLong(declaredCount) != count)) {
            throw new FileRefused(where + "/NbOfTxs says " + shortened(declaredCount) + " but " + count
                    + " transactions follow");
        }
        String controlSum = declared.get("CtrlSum");
        if (controlSum != null) {
            if (!DECIMAL.matcher(controlSum).matches()) {
                throw new FileRefused(where + "/CtrlSum is not a decimal amount");
            }
            if (!sumsKnown || new BigDecimal(controlSum).compareTo(sum) != 0) {
                throw new FileRefused(where + "/CtrlSum says " + controlSum + " but the amounts "
                        + (sumsKnown ? "add up to " + sum.toPlainString() : "include one that is not a decimal"));
            }
        }
    }

    private static FileRefused refused(XMLStreamException e) {
        // The parser's message names the position and the rule broken, not the file's content.
        String message = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
        return new FileRefused("the XML is not well-formed: "
                + (message.length() <= 160 ? message : message.substring(0, 157) + "..."), e);
    }

    private static String shortened(String text) {
        return text.length() <= 20 ? text : text.substring(0, 17) + "...";
    }
}
