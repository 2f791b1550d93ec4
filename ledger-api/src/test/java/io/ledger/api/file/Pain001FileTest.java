package io.ledger.api.file;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Pain001FileTest {

    static final String HEAD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn>
            <GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-12-05T09:00:00</CreDtTm><NbOfTxs>%s</NbOfTxs>%s<InitgPty><Nm>A</Nm></InitgPty></GrpHdr>
            """;
    static final String TAIL = "</CstmrCdtTrfInitn></Document>";

    static String file(String count, String controlSum, String body) {
        return HEAD.formatted(count, controlSum == null ? "" : "<CtrlSum>" + controlSum + "</CtrlSum>") + body + TAIL;
    }

    static String group(String id, String debtor, String extra, String... transactions) {
        return "<PmtInf><PmtInfId>" + id + "</PmtInfId><PmtMtd>TRF</PmtMtd>" + extra
                + "<DbtrAcct><Id><Othr><Id>" + debtor + "</Id></Othr></Id></DbtrAcct>" + String.join("", transactions)
                + "</PmtInf>";
    }

    static String toAccount(String e2e, String amount, String creditor) {
        return "<CdtTrfTxInf><PmtId><InstrId>I</InstrId><EndToEndId>" + e2e + "</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"EUR\">"
                + amount + "</InstdAmt></Amt><CdtrAcct><Id><Othr><Id>" + creditor + "</Id></Othr></Id></CdtrAcct>"
                + "<RmtInf><Ustrd>A &amp; B</Ustrd></RmtInf></CdtTrfTxInf>";
    }

    static List<FileTransaction> read(String xml) {
        PaymentFileReader reader = PaymentFileReader.Format.PAIN_001.open(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals("MSG-1", reader.messageId());
        List<FileTransaction> all = new ArrayList<>();
        for (FileTransaction t = reader.next(); t != null; t = reader.next()) {
            all.add(t);
        }
        reader.finish();
        return all;
    }

    @Test
    void readsEachTransactionWithItsGroupDebtorAndPlace() {
        List<FileTransaction> read = read(file("3", "30.50", group("G1", "acme", "",
                toAccount("E1", "10.00", "ann"), toAccount("E2", "20.25", "bob"))
                + group("G2", "acme-2", "<NbOfTxs>1</NbOfTxs><CtrlSum>0.25</CtrlSum>",
                "<CdtTrfTxInf><PmtId><EndToEndId>E3</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"EUR\">0.25</InstdAmt></Amt>"
                        + "<CdtrAgt><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId></CdtrAgt><Cdtr><Nm>Carol</Nm></Cdtr>"
                        + "<CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct></CdtTrfTxInf>")));
        assertEquals(3, read.size());
        FileTransaction first = read.get(0);
        assertEquals("PmtInf[1]/CdtTrfTxInf[1]", first.location());
        assertEquals(List.of("G1", "acme", "ann", "10.00", "EUR", "E1", "A & B"), List.of(first.group(),
                first.debtorAccount(), first.creditorAccount(), first.amount(), first.currency(), first.endToEndId(),
                first.remittanceInfo()));
        assertNull(first.problem());
        FileTransaction payout = read.get(2);
        assertEquals("PmtInf[2]/CdtTrfTxInf[1]", payout.location());
        assertTrue(payout.isPayout());
        assertEquals(List.of("acme-2", "Carol", "DE89370400440532013000", "COBADEFFXXX"),
                List.of(payout.debtorAccount(), payout.creditorName(), payout.creditorIban(), payout.creditorBic()));
    }

    @Test
    void aTransactionMissingWhatAPaymentNeedsCarriesItsProblemAndTheOthersGoOn() {
        List<FileTransaction> read = read(file("3", null, group("G1", "acme", "",
                "<CdtTrfTxInf><PmtId><EndToEndId>E1</EndToEndId></PmtId><CdtrAcct><Id><Othr><Id>x</Id></Othr></Id></CdtrAcct></CdtTrfTxInf>",
                "<CdtTrfTxInf><PmtId><EndToEndId>E2</EndToEndId></PmtId><Amt><InstdAmt>1.00</InstdAmt></Amt></CdtTrfTxInf>",
                toAccount("E3", "1.00", "ann"))));
        assertEquals("Amt/InstdAmt is required", read.get(0).problem());
        assertEquals("Amt/InstdAmt needs its Ccy attribute", read.get(1).problem());
        assertNull(read.get(2).problem());
        String iban = "<PmtInf><PmtInfId>G</PmtInfId><DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct>"
                + toAccount("E", "1.00", "ann") + "</PmtInf>";
        assertTrue(read(file("1", null, iban)).get(0).problem().contains("not an IBAN"));
    }

    @Test
    void totalsThatDisagreeRefuseTheWholeFile() {
        String two = group("G1", "acme", "", toAccount("E1", "10.00", "ann"), toAccount("E2", "20.00", "bob"));
        assertEquals(2, read(file("2", "30.00", two)).size());
        assertRefused(file("3", null, two), "GrpHdr/NbOfTxs says 3 but 2 transactions follow");
        assertRefused(file("2", "30.01", two), "GrpHdr/CtrlSum says 30.01 but the amounts add up to 30.00");
        assertRefused(file("2", null, group("G1", "acme", "<NbOfTxs>1</NbOfTxs>", toAccount("E1", "10.00", "ann"),
                toAccount("E2", "20.00", "bob"))), "PmtInf[1]/NbOfTxs says 1 but 2 transactions follow");
        assertRefused(file("1", "1.00", group("G1", "acme", "", toAccount("E1", "ten", "ann"))),
                "include one that is not a decimal");
        assertRefused(file("two", null, two), "GrpHdr/NbOfTxs says two");
    }

    @Test
    void hostileOrBrokenXmlIsRefused() {
        String good = file("1", null, group("G1", "acme", "", toAccount("E1", "1.00", "ann")));
        String declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
        assertRefused(good.replace(declaration, declaration + "<!DOCTYPE Document [<!ENTITY x SYSTEM "
                + "\"file:///etc/passwd\">]>").replace("A &amp; B", "&x;"), "a DTD is not accepted");
        assertRefused(good.replace(declaration, declaration + "<!DOCTYPE Document SYSTEM \"http://127.0.0.1:1/x.dtd\">"),
                "a DTD is not accepted");
        assertRefused(good.replace("A &amp; B", "&undeclared;"), "not well-formed");
        assertRefused(good.substring(0, good.length() / 2), "not well-formed");
        assertRefused(good.replace("pain.001.001.09", "pain.001.001.03"), "pain.001.001.09");
        assertRefused(good.replace("A &amp; B", "x".repeat(Pain001File.MAX_TEXT + 1)), "longer than 2048");
        assertRefused(good.replace("A &amp; B", "<a>".repeat(30) + "</a>".repeat(30)), "deeper than 24");
        StringBuilder wide = new StringBuilder();
        for (int i = 0; i < Pain001File.MAX_FIELDS + 1; i++) {
            wide.append("<F").append(i).append(">x</F").append(i).append('>');
        }
        assertRefused(good.replace("<Ustrd>A &amp; B</Ustrd>", "<Ustrd>x</Ustrd>" + wide), "more than 128 elements");
        assertRefused(good.replace("<MsgId>MSG-1</MsgId>", ""), "GrpHdr/MsgId is required");
        assertRefused("", "not well-formed");
    }

    private static void assertRefused(String xml, String reason) {
        FileRefused refused = assertThrows(FileRefused.class, () -> {
            PaymentFileReader reader = PaymentFileReader.Format.PAIN_001.open(
                    new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            while (reader.next() != null) {
                // read on
            }
            reader.finish();
        });
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }
}
