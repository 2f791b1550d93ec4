package io.ledger.api.reconcile;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading camt.053 and camt.054 (issue 22): balances signed, the closing time, booked entries only, a batch booking's
 * transactions, the counterparty by direction, a return's reason; and what refuses a file whole.
 */
class CamtStatementTest {

    private static final String IBAN = "DE89370400440532013000";

    private static String statement(String summary, String balances, String entries) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
                  <GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-12-04T18:00:00Z</CreDtTm></GrpHdr>
                  <Stmt><Id>STMT-1</Id><Acct><Id><IBAN>%s</IBAN></Id><Ccy>EUR</Ccy></Acct>%s%s%s</Stmt>
                </BkToCstmrStmt></Document>""".formatted(IBAN, summary, balances, entries);
    }

    private static final String BALANCES = """
            <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
              <Dt><Dt>2026-12-04</Dt></Dt></Bal>
            <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">45.50</Amt><CdtDbtInd>CRDT</CdtDbtInd>
              <Dt><Dt>2026-12-04</Dt></Dt></Bal>""";

    private static final String ENTRIES = """
            <Ntry><NtryRef>N1</NtryRef><Amt Ccy="EUR">60.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
              <BookgDt><Dt>2026-12-04</Dt></BookgDt><ValDt><Dt>2026-12-04</Dt></ValDt><AcctSvcrRef>B1</AcctSvcrRef>
              <NtryDtls>
                <TxDtls><Refs><EndToEndId>p1</EndToEndId></Refs><Amt Ccy="EUR">25.00</Amt>
                  <RltdPties><Cdtr><Pty><Nm>Carol</Nm></Pty></Cdtr><CdtrAcct><Id><IBAN>GB33 BUKB 2020 1555 5555 55</IBAN></Id></CdtrAcct></RltdPties></TxDtls>
                <TxDtls><Refs><EndToEndId>p2</EndToEndId></Refs><Amt Ccy="EUR">35.00</Amt></TxDtls>
              </NtryDtls></Ntry>
            <Ntry><Amt Ccy="EUR">999.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts>
              <BookgDt><Dt>2026-12-04</Dt></BookgDt><ValDt><Dt>2026-12-05</Dt></ValDt></Ntry>
            <Ntry><Amt Ccy="EUR">5.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
              <BookgDt><DtTm>2026-12-04T10:00:00+01:00</DtTm></BookgDt><ValDt><Dt>2026-12-03</Dt></ValDt>
              <NtryDtls><TxDtls><Refs><EndToEndId>p3</EndToEndId></Refs>
                <RltdPties><DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct></RltdPties>
                <RmtInf><Ustrd>returned</Ustrd></RmtInf><RtrInf><Rsn><Cd>AC04</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry>""";

    private static ParsedStatement read(String xml) {
        return CamtStatement.read(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(String xml) {
        LedgerException refused = assertThrows(LedgerException.class, () -> read(xml));
        assertEquals(ErrorCode.BANK_STATEMENT_REFUSED, refused.code());
        return refused.getMessage();
    }

    @Test
    void aStatementIsReadWithItsBalancesAndBookedEntries() {
        ParsedStatement statement = read(statement("<TxsSummry><TtlNtries><NbOfNtries>3</NbOfNtries></TtlNtries></TxsSummry>",
                BALANCES, ENTRIES));
        assertEquals("CAMT_053", statement.format());
        assertEquals("STMT-1", statement.statementReference());
        assertEquals(IBAN, statement.iban());
        assertEquals(10_000L, statement.openingBalance());
        assertEquals(4_550L, statement.closingBalance());
        assertEquals(Instant.parse("2026-12-04T23:59:59.999Z"), statement.closingAt());
        assertEquals(2, statement.lines().size(), "the pending entry is no line");
        ParsedStatement.Line batch = statement.lines().get(0);
        assertEquals(List.of("p1", "p2"), batch.endToEndIds());
        assertEquals("GB33BUKB20201555555555", batch.counterpartyIban(), "the creditor of a debit, spaces removed");
        assertEquals(6_000L, batch.amount());
        assertEquals("B1", batch.bankReference());
        ParsedStatement.Line returned = statement.lines().get(1);
        assertEquals("AC04", returned.returnReason());
        assertEquals("DE02120300000000202051", returned.counterpartyIban(), "the debtor of a credit");
        assertEquals(LocalDate.of(2026, 12, 4), returned.bookingDate());
        assertEquals(LocalDate.of(2026, 12, 3), returned.valueDate());
        assertEquals("Stmt/Ntry[3]", returned.location(), "its place in the file, counting every entry");
    }

    @Test
    void aNotificationHasNoBalances() {
        String xml = statement("", "", ENTRIES).replace("camt.053.001.08", "camt.054.001.08")
                .replace("BkToCstmrStmt", "BkToCstmrDbtCdtNtfctn").replace("<Stmt>", "<Ntfctn>").replace("</Stmt>", "</Ntfctn>");
        ParsedStatement notification = read(xml);
        assertEquals("CAMT_054", notification.format());
        assertNull(notification.closingBalance());
        assertEquals(2, notification.lines().size());
    }

    @Test
    void whatDoesNotAddUpOrIsNotSafeRefusesTheFileWhole() {
        assertTrue(refusal(statement("", BALANCES.replace("45.50", "45.51"), ENTRIES))
                .contains("do not lead from the opening balance"));
        assertTrue(refusal(statement("", BALANCES, ENTRIES.replace("35.00", "34.00"))).contains("transactions add up"));
        assertTrue(refusal(statement("<TxsSummry><TtlNtries><NbOfNtries>7</NbOfNtries></TtlNtries></TxsSummry>",
                BALANCES, ENTRIES)).contains("NbOfNtries"));
        assertTrue(refusal(statement("", BALANCES, ENTRIES.replace("5.50", "5.505"))).contains("decimals"));
        assertTrue(refusal(statement("", BALANCES, ENTRIES).replace(IBAN, "DE00370400440532013000"))
                .contains("not a valid IBAN"));
        assertTrue(refusal(statement("", BALANCES, ENTRIES).replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>")).contains("DTD"));
        assertTrue(refusal(statement("", BALANCES, ENTRIES + "<Ntry>")).contains("not well-formed"));
        assertTrue(refusal(statement("", BALANCES, ENTRIES).replace("<Stmt>", "<Stmt><Id>2</Id></Stmt><Stmt>"))
                .contains("one Stmt per file"));
    }
}
