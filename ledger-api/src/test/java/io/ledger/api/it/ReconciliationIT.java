package io.ledger.api.it;

import org.iban4j.CountryCode;
import org.iban4j.Iban;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reconciliation against the bank over HTTP (issue 22): camt.053, camt.054 and CSV statements written for the tests
 * reconcile with the ledger's payouts by every rule and strategy (references one-to-one, a batch booking one-to-many,
 * split debits many-to-one, amount + date + counterparty within the tolerance), confirm the payouts they pay, book a
 * return and a top-up, skip an entry a notification already reconciled, and check the closing balance against the
 * clearing account. What does not match becomes an exception, resolved by hand or booked to suspense by two people.
 * Refused files (unknown IBAN, malformed, DTD, entries that do not add up) store nothing. Books balanced after each.
 * Each test has its own currency, so its own clearing account.
 */
class ReconciliationIT extends LedgerIT {

    private static final String BANK_LANE = Tokens.forTheRun("bank-lane", "bank");
    private static final String CLERK_B = Tokens.forTheRun("clerk-b", "backoffice");
    private static final String BENEFICIARY = "DE89370400440532013000";
    private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();
    private static final String TODAY = LocalDate.now(java.time.ZoneOffset.UTC).toString();

    /** A linked bank account: its IBAN, clearing and suspense accounts. */
    private record House(String iban, String clearing, String suspense, String currency) {
    }

    private House link(String currency, String tolerance) {
        // Payouts go through the clearing account of their currency with the lowest id: a later one sorts first, so a
        // test run again on the same database pays out through the account it links.
        String clearing = "clr-" + String.format("%019d", Long.MAX_VALUE - System.currentTimeMillis() * 1_000
                - SEQUENCE.incrementAndGet());
        assertEquals(201, open(ADMIN, clearing, "house-bank", currency, "CLEARING").status());
        String suspense = openSystem(currency);
        String iban = Iban.random(CountryCode.DE).toString();
        Http.Response linked = http.post("/v1/bank-accounts", ADMIN, "{\"iban\":\"" + iban + "\",\"currency\":\""
                + currency + "\",\"clearingAccount\":\"" + clearing + "\",\"suspenseAccount\":\"" + suspense
                + "\",\"amountTolerance\":\"" + tolerance + "\",\"dateWindowDays\":2}");
        assertEquals(201, linked.status(), linked.body().toString());
        return new House(iban, clearing, suspense, currency);
    }

    private String fundedWallet(String owner, String currency, String amount) {
        String system = openSystem(currency);
        String wallet = openWallet(owner, currency);
        fund(system, wallet, amount, currency);
        return wallet;
    }

    private String payOut(String owner, String debtor, String amount, String currency) {
        Http.Response payout = http.post("/v1/payouts", Tokens.token(owner, "wallet"),
                "{\"debtorAccount\":\"" + debtor + "\",\"amount\":\"" + amount + "\",\"currency\":\"" + currency
                        + "\",\"beneficiary\":{\"name\":\"Carol Example\",\"iban\":\"" + BENEFICIARY + "\"}}",
                Map.of("Idempotency-Key", unique("po"), "Prefer", "wait=10"));
        assertEquals(201, payout.status(), payout.body().toString());
        assertEquals("INSTRUCTED", payout.text("status"));
        return payout.text("payoutId");
    }

    private String payoutStatus(String payoutId) {
        return http.get("/v1/payouts/" + payoutId, BANK_LANE).text("status");
    }

    private Http.Response upload(String contentType, String body) {
        return http.post("/v1/bank-statements", BANK_LANE, body, Map.of("Content-Type", contentType,
                "Prefer", "wait=30"));
    }

    static String camt053(String messageId, String statementId, String iban, String currency, String opening,
                          String closing, String... entries) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>%s</MsgId><CreDtTm>%sT18:00:00Z</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>%s</Id>
                      <Acct><Id><IBAN>%s</IBAN></Id><Ccy>%s</Ccy></Acct>
                      %s
                      %s
                      %s
                    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(messageId, TODAY, statementId, iban, currency, balance("OPBD", opening, currency),
                balance("CLBD", closing, currency), String.join("\n", entries));
    }

    static String camt054(String messageId, String notificationId, String iban, String currency, String... entries) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">
                  <BkToCstmrDbtCdtNtfctn>
                    <GrpHdr><MsgId>%s</MsgId><CreDtTm>%sT12:00:00Z</CreDtTm></GrpHdr>
                    <Ntfctn>
                      <Id>%s</Id>
                      <Acct><Id><IBAN>%s</IBAN></Id><Ccy>%s</Ccy></Acct>
                      %s
                    </Ntfctn>
                  </BkToCstmrDbtCdtNtfctn>
                </Document>
                """.formatted(messageId, TODAY, notificationId, iban, currency, String.join("\n", entries));
    }

    /** A balance: a signed decimal ("-42.00" is a debit balance). */
    private static String balance(String type, String signed, String currency) {
        boolean debit = signed.startsWith("-");
        return """
                <Bal><Tp><CdOrPrtry><Cd>%s</Cd></CdOrPrtry></Tp><Amt Ccy="%s">%s</Amt><CdtDbtInd>%s</CdtDbtInd>
                  <Dt><Dt>%s</Dt></Dt></Bal>""".formatted(type, currency, debit ? signed.substring(1) : signed,
                debit ? "DBIT" : "CRDT", TODAY);
    }

    /** A booked entry; each transaction is "endToEndId amount [counterpartyIban] [remittance] [returnReason]". */
    static String entry(String direction, String amount, String currency, String bankReference, String... transactions) {
        StringBuilder details = new StringBuilder();
        for (String transaction : transactions) {
            String[] part = transaction.split("\\|", -1);
            String party = "DBIT".equals(direction) ? "Cdtr" : "Dbtr";
            details.append("<TxDtls>")
                    .append(part[0].isEmpty() ? "" : "<Refs><EndToEndId>" + part[0] + "</EndToEndId></Refs>")
                    .append(part.length > 1 && !part[1].isEmpty() ? "<Amt Ccy=\"" + currency + "\">" + part[1] + "</Amt>" : "")
                    .append(part.length > 2 && !part[2].isEmpty() ? "<RltdPties><" + party + "Acct><Id><IBAN>" + part[2]
                            + "</IBAN></Id></" + party + "Acct></RltdPties>" : "")
                    .append(part.length > 3 && !part[3].isEmpty() ? "<RmtInf><Ustrd>" + part[3] + "</Ustrd></RmtInf>" : "")
                    .append(part.length > 4 && !part[4].isEmpty() ? "<RtrInf><Rsn><Cd>" + part[4] + "</Cd></Rsn></RtrInf>" : "")
                    .append("</TxDtls>");
        }
        return """
                <Ntry><Amt Ccy="%s">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                  <BookgDt><Dt>%s</Dt></BookgDt><ValDt><Dt>%s</Dt></ValDt>%s
                  <BkTxCd><Prtry><Cd>TRF</Cd></Prtry></BkTxCd>%s</Ntry>""".formatted(currency, amount, direction, TODAY,
                TODAY, bankReference == null ? "" : "<AcctSvcrRef>" + bankReference + "</AcctSvcrRef>",
                details.length() == 0 ? "" : "<NtryDtls>" + details + "</NtryDtls>");
    }

    private JsonNode report(String statementId) {
        Http.Response report = http.get("/v1/bank-statements/" + statementId + "/reconciliation", BACKOFFICE);
        assertEquals(200, report.status(), report.body().toString());
        return report.body();
    }

    /** line no → "RULE STRATEGY BOOKED" or "EXCEPTION". */
    private Map<Integer, String> outcomes(JsonNode report) {
        Map<Integer, String> outcomes = new HashMap<>();
        report.get("lines").forEach(line -> outcomes.put(line.get("lineNo").asInt(),
                "RECONCILED".equals(line.get("outcome").asString())
                        ? line.get("rule").asString() + " " + line.get("strategy").asString() + " " + line.get("booked").asString()
                        : line.get("outcome").asString()));
        return outcomes;
    }

    private List<JsonNode> exceptions(String statementId, String status) {
        List<JsonNode> found = new ArrayList<>();
        http.get("/v1/reconciliation/exceptions?statementId=" + statementId + "&status=" + status, BACKOFFICE).body()
                .get("items").forEach(found::add);
        return found;
    }

    private void assertBooksBalanced() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode report = http.get("/v1/audit/integrity", Tokens.token("auditor", "compliance")).body();
            assertTrue(report.get("ok").asBoolean(), report.toString());
        });
    }

    @Test
    void aStatementSettlesPayoutsByEveryStrategyBooksATopUpAndAgreesWithTheClearingAccount() {
        House house = link("MXN", "0.00");
        String alice = fundedWallet("alice", "MXN", "500.00");
        String bob = openWallet("bob", "MXN");
        String single = payOut("alice", alice, "40.00", "MXN");
        String batchA = payOut("alice", alice, "10.00", "MXN");
        String batchB = payOut("alice", alice, "15.00", "MXN");
        String byAmount = payOut("alice", alice, "7.00", "MXN");
        String split = payOut("alice", alice, "20.00", "MXN");
        String statement = camt053("MSG-" + unique("mx"), "STMT-MX-1", house.iban(), "MXN", "0.00", "-42.00",
                entry("DBIT", "40.00", "MXN", "BANK-1", single + "|||"),
                entry("DBIT", "25.00", "MXN", "BANK-2", batchA + "|10.00||", batchB + "|15.00||"),
                entry("DBIT", "7.00", "MXN", null, "|7.00|" + BENEFICIARY + "|"),
                entry("DBIT", "12.00", "MXN", "BANK-4", split + "|||"),
                entry("DBIT", "8.00", "MXN", "BANK-5", split + "|||"),
                entry("CRDT", "50.00", "MXN", "BANK-6", "||DE02120300000000202051|top-up " + bob));

        Http.Response uploaded = upload("application/xml", statement);
        assertEquals(201, uploaded.status(), uploaded.body().toString());
        assertEquals("RECONCILED", uploaded.text("status"), uploaded.body().toString());
        assertEquals(6, uploaded.body().get("linesReconciled").asInt(), uploaded.body().toString());
        String statementId = uploaded.text("statementId");

        JsonNode report = report(statementId);
        assertEquals(Map.of(1, "REFERENCE ONE_TO_ONE PAYOUT_SETTLED", 2, "REFERENCE ONE_TO_MANY PAYOUT_SETTLED",
                3, "AMOUNT_DATE_COUNTERPARTY ONE_TO_ONE PAYOUT_SETTLED", 4, "REFERENCE MANY_TO_ONE PAYOUT_SETTLED",
                5, "REFERENCE MANY_TO_ONE PAYOUT_SETTLED", 6, "WALLET_REFERENCE ONE_TO_ONE TOP_UP"), outcomes(report));
        assertEquals("DE02**************2051", report.get("lines").get(5).get("counterparty").asString(),
                "the counterparty is kept masked");
        for (String payout : List.of(single, batchA, batchB, byAmount, split)) {
            assertEquals("SETTLED", payoutStatus(payout), payout);
        }
        assertEquals("BANK-1", http.get("/v1/payouts/" + single, BANK_LANE).text("bankReference"));
        assertBalances(bob, "50.00", "0.00", "0.00", "50.00");
        assertBalances(house.clearing(), "42.00", "0.00", "0.00", "42.00");
        JsonNode check = report.get("balanceCheck");
        assertEquals("-42.00", check.get("bankClosingBalance").asString());
        assertEquals("-42.00", check.get("clearingBalanceAsBank").asString());
        assertEquals("0.00", check.get("difference").asString());
        assertTrue(check.get("agrees").asBoolean(), check.toString());
        assertEquals(List.of(), exceptions(statementId, "OPEN"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String trace = http.get("/v1/audit/trace/" + uploaded.header("X-Correlation-Id"),
                    Tokens.token("auditor", "compliance")).body().toString();
            for (String expected : List.of("BankStatementImportedEvent", "StatementLineReconciledEvent",
                    "ReportBankResultCommand", "PayoutSettledEvent", "statement:" + statementId + "#6")) {
                assertTrue(trace.contains(expected), expected + " in " + trace);
            }
        });

        // The same file again answers the first upload; other content under the same statement id is refused.
        Http.Response again = upload("application/xml", statement);
        assertEquals(200, again.status(), again.body().toString());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(statementId, again.text("statementId"));
        Http.Response other = upload("application/xml", statement.replace("BANK-6", "BANK-7"));
        assertEquals(409, other.status(), other.body().toString());
        assertEquals("BANK_STATEMENT_CONFLICT", other.code());

        Http.Response csv = http.get("/v1/bank-statements/" + statementId + "/reconciliation", BACKOFFICE,
                Map.of("Accept", "text/csv"));
        assertEquals(200, csv.status());
        String text = csv.raw().body();
        assertTrue(text.startsWith("line_no,location,direction,amount"), text);
        assertTrue(text.contains("REFERENCE,MANY_TO_ONE"), text);
        assertTrue(text.contains("BALANCE,closing,,,-42.00,,,AGREES"), text);
        assertBooksBalanced();
    }

    @Test
    void aNotificationSettlesTheStatementSkipsItsEntryAndAReturnIsBooked() {
        House house = link("BRL", "0.00");
        String alice = fundedWallet("alice", "BRL", "100.00");
        String payout = payOut("alice", alice, "30.00", "BRL");
        Http.Response notified = upload("application/xml", camt054("MSG-" + unique("br"), "NTF-BR-1", house.iban(),
                "BRL", entry("DBIT", "30.00", "BRL", "BANK-BR-1", payout + "|||")));
        assertEquals(201, notified.status(), notified.body().toString());
        assertEquals("RECONCILED", notified.text("status"));
        assertEquals("SETTLED", payoutStatus(payout));
        assertEquals("REFERENCE ONE_TO_ONE PAYOUT_SETTLED", outcomes(report(notified.text("statementId"))).get(1));
        assertTrue(report(notified.text("statementId")).get("balanceCheck").get("agrees").isNull(),
                "a notification has no balance to check");

        // The day's statement holds the same entry and the payout's return.
        Http.Response statement = upload("application/xml", camt053("MSG-" + unique("br"), "STMT-BR-1", house.iban(),
                "BRL", "0.00", "0.00",
                entry("DBIT", "30.00", "BRL", "BANK-BR-1", payout + "|||"),
                entry("CRDT", "30.00", "BRL", "BANK-BR-2", payout + "||||AC04")));
        assertEquals(201, statement.status(), statement.body().toString());
        assertEquals("RECONCILED", statement.text("status"), statement.body().toString());
        JsonNode report = report(statement.text("statementId"));
        assertEquals(Map.of(1, "DUPLICATE ONE_TO_ONE NOTHING", 2, "RETURN ONE_TO_ONE PAYOUT_RETURNED"), outcomes(report),
                () -> exceptions(statement.text("statementId"), "OPEN").toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> "RETURNED".equals(payoutStatus(payout)));
        assertEquals("AC04", http.get("/v1/payouts/" + payout, BANK_LANE).text("reasonCode"));
        assertBalances(alice, "100.00", "0.00", "0.00", "100.00");
        assertBalances(house.clearing(), "0.00", "0.00", "0.00", "0.00");
        assertTrue(report.get("balanceCheck").get("agrees").asBoolean(), report.get("balanceCheck").toString());
        assertBooksBalanced();
    }

    @Test
    void whatDoesNotMatchIsResolvedByHandOrBookedToSuspenseByTwoPeople() {
        House house = link("ZAR", "0.50");
        String alice = fundedWallet("alice", "ZAR", "100.00");
        String payout = payOut("alice", alice, "30.00", "ZAR");
        String other = payOut("alice", alice, "5.00", "ZAR");
        Http.Response uploaded = upload("application/xml", camt053("MSG-" + unique("za"), "STMT-ZA-1", house.iban(),
                "ZAR", "0.00", "-17.75",
                entry("DBIT", "29.75", "ZAR", "BANK-ZA-1", "|29.75|GB33BUKB20201555555555|"),
                entry("CRDT", "12.00", "ZAR", "BANK-ZA-2", "||GB33BUKB20201555555555|unknown sender")));
        assertEquals(201, uploaded.status(), uploaded.body().toString());
        String statementId = uploaded.text("statementId");
        assertEquals("RECONCILED", uploaded.text("status"));
        assertEquals(2, uploaded.body().get("linesInException").asInt());
        // The list counts each statement's lines as the statement's own answer does (one query for the page).
        JsonNode listed = http.get("/v1/bank-statements?iban=" + house.iban(), BACKOFFICE).body().get("items").get(0);
        JsonNode own = http.get("/v1/bank-statements/" + uploaded.text("statementId"), BACKOFFICE).body();
        for (String count : List.of("linesReconciled", "linesInException", "linesPending")) {
            assertEquals(own.get(count).asInt(), listed.get(count).asInt(), count + " in " + listed);
        }
        assertEquals(2, listed.get("linesInException").asInt(), listed.toString());
        // Oldest first; the lines' bookings are sent a few at a time, so the lines' exceptions come in either order,
        // the balance's last: ordered by line here.
        List<JsonNode> open = new ArrayList<>(exceptions(statementId, "OPEN"));
        assertEquals("BALANCE_MISMATCH", open.get(open.size() - 1).get("kind").asString(), open.toString());
        open.sort(java.util.Comparator.comparingInt(e -> e.get("lineNo").isNull() ? Integer.MAX_VALUE
                : e.get("lineNo").asInt()));
        assertEquals(List.of("UNMATCHED 1 29.75", "UNMATCHED 2 12.00", "BALANCE_MISMATCH null 17.75"),
                open.stream().map(e -> e.get("kind").asString() + " " + (e.get("lineNo").isNull() ? "null" : e.get("lineNo").asString()) + " "
                        + e.get("amount").asString()).toList());
        String metrics = http.get("/actuator/prometheus", Tokens.token("scraper", "metrics")).raw().body();
        assertTrue(metrics.lines().filter(line -> line.startsWith("ledger_reconciliation_exceptions_open "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum() >= 3, metrics);
        String debitLine = open.get(0).get("exceptionId").asString();
        String creditLine = open.get(1).get("exceptionId").asString();
        String balance = open.get(2).get("exceptionId").asString();
        String path = "/v1/reconciliation/exceptions/";

        // By hand: the items must make the line's amount within the tolerance, and be payouts through this account.
        Http.Response wrongSum = http.post(path + debitLine + "/resolve", BACKOFFICE,
                "{\"ledgerItems\":[\"" + payout + "\",\"" + other + "\"]}");
        assertEquals(422, wrongSum.status(), wrongSum.body().toString());
        assertEquals("MATCH_AMOUNT_MISMATCH", wrongSum.code());
        Http.Response byHand = http.post(path + debitLine + "/resolve", BACKOFFICE,
                "{\"ledgerItems\":[\"" + payout + "\"],\"note\":\"bank fee of 0.25 taken from the transfer\"}");
        assertEquals(200, byHand.status(), byHand.body().toString());
        assertEquals("RESOLVED", byHand.text("status"));
        assertEquals("MATCHED", byHand.text("resolution"));
        assertEquals("clerk", byHand.text("resolvedBy"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "SETTLED".equals(payoutStatus(payout)));
        Http.Response twice = http.post(path + debitLine + "/resolve", BACKOFFICE, "{\"ledgerItems\":[\"" + payout + "\"]}");
        assertEquals(409, twice.status());
        assertEquals("EXCEPTION_NOT_OPEN", twice.code());

        // To suspense: proposed by one, rejected, proposed again, refused to its proposer, approved by another.
        assertEquals("PROPOSED", http.post(path + creditLine + "/suspense", BACKOFFICE,
                "{\"note\":\"sender unknown\"}").text("status"));
        Http.Response rejected = http.post(path + creditLine + "/suspense/reject", CLERK_B, "{\"note\":\"ask the bank first\"}");
        assertEquals("OPEN", rejected.text("status"), rejected.body().toString());
        assertEquals("PROPOSED", http.post(path + creditLine + "/suspense", BACKOFFICE,
                "{\"note\":\"the bank does not know the sender\"}").text("status"));
        Http.Response ownApproval = http.post(path + creditLine + "/suspense/approve", BACKOFFICE, null);
        assertEquals(403, ownApproval.status(), ownApproval.body().toString());
        assertEquals("FOUR_EYES_REQUIRED", ownApproval.code());
        Http.Response approved = http.post(path + creditLine + "/suspense/approve", CLERK_B, null);
        assertEquals(200, approved.status(), approved.body().toString());
        assertEquals("BOOKED_TO_SUSPENSE", approved.text("resolution"));
        assertEquals("clerk", approved.text("resolvedBy"));
        assertEquals("clerk-b", approved.text("approvedBy"));
        assertBalances(house.suspense(), "12.00", "0.00", "0.00", "12.00");

        // The clearing account now mirrors the bank: +30.00 paid out, -12.00 received; the other payout still waits.
        assertBalances(house.clearing(), "18.00", "0.00", "5.00", "18.00");
        JsonNode report = report(statementId);
        assertEquals(Map.of(1, "MANUAL ONE_TO_ONE PAYOUT_SETTLED", 2, "SUSPENSE ONE_TO_ONE SUSPENSE"), outcomes(report));
        assertEquals("0.25", report.get("balanceCheck").get("difference").asString(),
                "what remains is the bank's fee, within no line: " + report.get("balanceCheck"));

        Http.Response toSuspense = http.post(path + balance + "/suspense", BACKOFFICE, "{\"note\":\"fee\"}");
        assertEquals(400, toSuspense.status());
        Http.Response explained = http.post(path + balance + "/resolve", BACKOFFICE,
                "{\"note\":\"the bank's fee on line 1; booked tomorrow\"}");
        assertEquals("EXPLAINED", explained.text("resolution"), explained.body().toString());
        assertEquals(List.of(), exceptions(statementId, "OPEN"));
        assertEquals(3, exceptions(statementId, "RESOLVED").size());
        assertBooksBalanced();
    }

    @Test
    void aCsvStatementReconcilesAndBadStatementsAreRefusedWholeWithNothingStored() {
        House house = link("SGD", "0.00");
        String carol = openWallet("carol", "SGD");
        String header = "record,statement_id,iban,currency,date,direction,amount,end_to_end_id,bank_reference,"
                + "counterparty_iban,remittance_info,return_reason\n";
        String csv = header
                + "OPENING,CSV-SG-1," + house.iban() + ",SGD," + TODAY + ",CRDT,0.00,,,,,\n"
                + "ENTRY,CSV-SG-1," + house.iban() + ",SGD," + TODAY + ",CRDT,25.00,,BANK-SG-1,,top-up " + carol + ",\n"
                + "CLOSING,CSV-SG-1," + house.iban() + ",SGD," + TODAY + ",CRDT,25.00,,,,,\n";
        Http.Response uploaded = upload("text/csv", csv);
        assertEquals(201, uploaded.status(), uploaded.body().toString());
        assertEquals("CSV", uploaded.text("format"));
        assertEquals("RECONCILED", uploaded.text("status"));
        assertBalances(carol, "25.00", "0.00", "0.00", "25.00");
        assertTrue(report(uploaded.text("statementId")).get("balanceCheck").get("agrees").asBoolean());

        String unknown = Iban.random(CountryCode.NL).toString();
        Http.Response notLinked = upload("application/xml", camt053("M1", "S1", unknown, "SGD", "0.00", "0.00"));
        assertEquals(422, notLinked.status(), notLinked.body().toString());
        assertEquals("BANK_ACCOUNT_NOT_LINKED", notLinked.code());
        assertTrue(!notLinked.body().toString().contains(unknown), "the IBAN is not echoed in clear");

        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("malformed", camt053("M2", "S2", house.iban(), "SGD", "0.00", "0.00").replace("</Stmt>", ""));
        refused.put("dtd", "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY lol \"lol\">]>"
                + camt053("M3", "S3", house.iban(), "SGD", "0.00", "0.00").replaceFirst("<\\?xml[^>]*>", ""));
        refused.put("entries do not add up", camt053("M4", "S4", house.iban(), "SGD", "0.00", "10.00",
                entry("CRDT", "9.00", "SGD", "B", "||")));
        refused.put("wrong currency", camt053("M5", "S5", house.iban(), "SGD", "0.00", "1.00",
                entry("CRDT", "1.00", "EUR", "B", "||")));
        refused.put("batch booking not adding up", camt053("M6", "S6", house.iban(), "SGD", "0.00", "-10.00",
                entry("DBIT", "10.00", "SGD", "B", "a|4.00||", "b|5.00||")));
        refused.forEach((what, body) -> {
            Http.Response response = upload("application/xml", body);
            assertEquals(422, response.status(), what + ": " + response.body());
            assertEquals("BANK_STATEMENT_REFUSED", response.code(), what);
        });
        Http.Response badCsv = upload("text/csv", header + "ENTRY,X," + house.iban() + ",SGD,yesterday,CRDT,1.00,,,,,\n");
        assertEquals(422, badCsv.status());
        assertEquals("BANK_STATEMENT_REFUSED", badCsv.code());
        JsonNode statements = http.get("/v1/bank-statements?iban=" + house.iban(), BACKOFFICE).body();
        assertEquals(1, statements.get("items").size(), "only the good statement is stored: " + statements);
        assertBooksBalanced();
    }

    @Test
    void onlyTheBankLaneUploadsAndOnlyTheBackOfficeWorksExceptions() {
        String wallet = Tokens.token("mallory", "wallet");
        assertEquals(403, http.post("/v1/bank-statements", wallet, "<x/>", Map.of("Content-Type", "application/xml")).status());
        assertEquals(403, http.get("/v1/reconciliation/exceptions", BANK_LANE).status());
        assertEquals(403, http.get("/v1/reconciliation/exceptions", wallet).status());
        assertEquals(403, http.post("/v1/bank-accounts", BACKOFFICE, "{}").status());
        assertEquals(200, http.get("/v1/reconciliation/exceptions", BACKOFFICE).status());
        Http.Response missing = http.get("/v1/bank-statements/" + java.util.UUID.randomUUID(), BANK_LANE);
        assertEquals(404, missing.status());
        assertEquals("BANK_STATEMENT_NOT_FOUND", missing.code());
        Http.Response noException = http.post("/v1/reconciliation/exceptions/not-an-id/suspense/approve", BACKOFFICE, null);
        assertEquals(404, noException.status());
        assertEquals("RECONCILIATION_EXCEPTION_NOT_FOUND", noException.code());
    }
}
