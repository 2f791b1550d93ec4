package io.ledger.api.it;

import io.ledger.messages.common.Ids;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payment files over HTTP (issue 20): CSV and pain.001 lines become the payments (and, for a creditor outside the
 * ledger, the payouts) single requests would make; a bad line is refused alone with its place in the file; a file
 * whose totals disagree, that carries a DTD (XXE, billion laughs) or ends in the middle is refused whole and nothing
 * of it stays; the same file again, even concurrently, is imported once; the books balance after each.
 */
class PaymentFileIT extends LedgerIT {

    private static final String CSV_HEADER = "debtor_account,creditor_account,amount,currency,end_to_end_id,remittance_info\n";

    private Http.Response upload(String token, String contentType, String body, String key) {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", contentType));
        if (key != null) {
            headers.put("Idempotency-Key", key);
        }
        return http.post("/v1/payment-files", token, body, headers);
    }

    private JsonNode awaitDispatched(String token, String fileId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode file = http.get("/v1/payment-files/" + fileId, token).body();
            assertEquals("DISPATCHED", file.get("status").asString(), file.toString());
            assertNull(file.get("items").get("PENDING"), file.toString());
            assertNull(file.get("items").get("QUEUED"), file.toString());
        });
        return http.get("/v1/payment-files/" + fileId, token).body();
    }

    private Map<Integer, String> results(String token, String fileId) {
        Map<Integer, String> results = new HashMap<>();
        http.get("/v1/payment-files/" + fileId + "/items?limit=200", token).body().get("items").forEach(item ->
                results.put(item.get("itemNo").asInt(), item.get("location").asString() + " " + item.get("status").asString()
                        + (item.get("reason").isNull() ? "" : " " + item.get("reason").asString())));
        return results;
    }

    static String pain001(String messageId, String numberOfTransactions, String controlSum, String... paymentInfos) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">
                  <CstmrCdtTrfInitn>
                    <GrpHdr><MsgId>%s</MsgId><CreDtTm>2026-12-05T09:00:00</CreDtTm><NbOfTxs>%s</NbOfTxs>%s
                      <InitgPty><Nm>Payroll Ltd</Nm></InitgPty></GrpHdr>
                    %s
                  </CstmrCdtTrfInitn>
                </Document>
                """.formatted(messageId, numberOfTransactions,
                controlSum == null ? "" : "<CtrlSum>" + controlSum + "</CtrlSum>", String.join("\n", paymentInfos));
    }

    static String paymentInfo(String id, String debtor, String... transactions) {
        return """
                <PmtInf><PmtInfId>%s</PmtInfId><PmtMtd>TRF</PmtMtd><ReqdExctnDt><Dt>2026-12-05</Dt></ReqdExctnDt>
                  <Dbtr><Nm>Payroll Ltd</Nm></Dbtr><DbtrAcct><Id><Othr><Id>%s</Id></Othr></Id></DbtrAcct>
                  <DbtrAgt><FinInstnId><Othr><Id>LEDGER</Id></Othr></FinInstnId></DbtrAgt>
                  %s
                </PmtInf>""".formatted(id, debtor, String.join("\n", transactions));
    }

    static String toAccount(String endToEndId, String amount, String currency, String creditor) {
        return """
                <CdtTrfTxInf><PmtId><EndToEndId>%s</EndToEndId></PmtId><Amt><InstdAmt Ccy="%s">%s</InstdAmt></Amt>
                  <Cdtr><Nm>Staff</Nm></Cdtr><CdtrAcct><Id><Othr><Id>%s</Id></Othr></Id></CdtrAcct>
                  <RmtInf><Ustrd>salary November</Ustrd></RmtInf></CdtTrfTxInf>""".formatted(endToEndId, currency, amount,
                creditor);
    }

    static String toIban(String endToEndId, String amount, String currency, String iban) {
        return """
                <CdtTrfTxInf><PmtId><EndToEndId>%s</EndToEndId></PmtId><Amt><InstdAmt Ccy="%s">%s</InstdAmt></Amt>
                  <CdtrAgt><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId></CdtrAgt>
                  <Cdtr><Nm>Carol Example</Nm></Cdtr><CdtrAcct><Id><IBAN>%s</IBAN></Id></CdtrAcct></CdtTrfTxInf>"""
                .formatted(endToEndId, currency, amount, iban);
    }

    @Test
    void aCsvFileBecomesThePaymentsSingleRequestsWouldMakeAndABadLineIsRefusedWithItsLine() {
        String bank = openSystem("GBP");
        String payer = openWallet("csv-payroll", "GBP");
        String stranger = openWallet("csv-stranger", "GBP");
        String first = openWallet("csv-staff", "GBP");
        String second = openWallet("csv-staff", "GBP");
        fund(bank, payer, "100.00", "GBP");
        String token = Tokens.token("csv-payroll", "wallet");
        String csv = CSV_HEADER
                + payer + "," + first + ",10.00,GBP,E2E-1,\"salary, November\"\n"
                + payer + "," + second + ",1.001,GBP,E2E-2,\n"                 // line 3: INVALID_AMOUNT
                + stranger + "," + first + ",1.00,GBP,,\n"                     // line 4: not the caller's
                + payer + "," + second + ",20.00,GBP,E2E-4\n"                  // line 5: a field short
                + payer + "," + second + ",100.01,GBP,E2E-5,\n"                // line 6: INSUFFICIENT_FUNDS, always
                + payer + "," + second + ",5.00,GBP,E2E-6,bonus\n";
        String key = unique("payroll-2026-11");

        Http.Response uploaded = upload(token, "text/csv", csv, key);
        assertEquals(201, uploaded.status(), uploaded.body().toString());
        String fileId = uploaded.text("fileId");
        assertEquals(Ids.fileIdFor("csv-payroll", key), fileId);
        assertEquals("/v1/payment-files/" + fileId, uploaded.header("Location"));
        assertEquals("CSV", uploaded.text("format"));
        assertEquals(64, uploaded.text("contentHash").length());

        JsonNode file = awaitDispatched(token, fileId);
        assertEquals(6, file.get("itemCount").asInt());
        Map<Integer, String> results = results(token, fileId);
        assertEquals("line 2 SETTLED", results.get(1));
        assertEquals("line 3 REFUSED INVALID_AMOUNT", results.get(2));
        assertEquals("line 4 REFUSED ACCOUNT_NOT_FOUND", results.get(3));
        assertEquals("line 5 REFUSED VALIDATION_FAILED", results.get(4));
        assertEquals("line 6 REJECTED INSUFFICIENT_FUNDS", results.get(5));
        assertEquals("line 7 SETTLED", results.get(6));
        assertBalances(payer, "85.00", "0.00", "0.00", "85.00");
        assertBalances(first, "10.00", "0.00", "0.00", "10.00");
        assertBalances(second, "5.00", "0.00", "0.00", "5.00");

        // The first line's payment carries its end-to-end id as its external reference, searchable.
        JsonNode found = http.get("/v1/payments?externalReference=E2E-1&account=" + payer, token).body();
        assertEquals(1, found.get("items").size(), found.toString());
        assertEquals("salary, November", found.get("items").get(0).get("remittanceInfo").asString());

        // The same file again is the first import's answer; other bytes under its key are refused.
        Http.Response again = upload(token, "text/csv", csv, key);
        assertEquals(200, again.status(), again.body().toString());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(fileId, again.text("fileId"));
        Http.Response other = upload(token, "text/csv", csv.replace("bonus", "bonus!"), key);
        assertEquals(422, other.status(), other.body().toString());
        assertEquals("IDEMPOTENCY_KEY_REUSED", other.code());
        assertBalances(payer, "85.00", "0.00", "0.00", "85.00");

        // Nobody else sees the file.
        assertEquals(404, http.get("/v1/payment-files/" + fileId, Tokens.token("csv-stranger", "wallet")).status());
        assertEquals(200, http.get("/v1/payment-files/" + fileId, BACKOFFICE).status());
    }

    @Test
    void aPain001FileBooksItsTransactionsPaysOutToAnIbanAndAnswersWithAPain002Report() {
        String currency = "CZK";
        assertEquals(201, open(ADMIN, unique("nostro-czk"), "house-bank", currency, "CLEARING").status());
        String bank = openSystem(currency);
        String payer = openWallet("xml-payroll", currency);
        List<String> staff = List.of(openWallet("xml-staff", currency), openWallet("xml-staff", currency));
        fund(bank, payer, "1000.00", currency);
        String token = Tokens.token("xml-payroll", "wallet");
        String messageId = unique("MSG");
        String xml = pain001(messageId, "5", "671.00",
                paymentInfo("SALARIES", payer,
                        toAccount("E2E-A", "100.00", currency, staff.get(0)),
                        toAccount("E2E-B", "200.00", currency, staff.get(1)),
                        toAccount("E2E-C", "1.00", currency, "no-such-account")),
                paymentInfo("SUPPLIERS", payer,
                        toIban("E2E-D", "300.00", currency, "DE89370400440532013000"),
                        toIban("E2E-E", "70.00", currency, "DE00000000000000000000")));  // not an IBAN

        Http.Response uploaded = upload(token, "application/xml", xml, null);
        assertEquals(201, uploaded.status(), uploaded.body().toString());
        String fileId = uploaded.text("fileId");
        assertEquals(messageId, uploaded.text("messageId"));
        assertEquals("PAIN_001", uploaded.text("format"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<Integer, String> results = results(token, fileId);
            assertEquals("PmtInf[1]/CdtTrfTxInf[1] SETTLED", results.get(1));
            assertEquals("PmtInf[1]/CdtTrfTxInf[2] SETTLED", results.get(2));
            assertEquals("PmtInf[1]/CdtTrfTxInf[3] REJECTED ACCOUNT_NOT_FOUND", results.get(3));
            assertEquals("PmtInf[2]/CdtTrfTxInf[1] INSTRUCTED", results.get(4));
            assertEquals("PmtInf[2]/CdtTrfTxInf[2] REFUSED VALIDATION_FAILED", results.get(5));
        });
        assertBalances(payer, "700.00", "300.00", "0.00", "400.00");   // the payout holds 300.00
        assertBalances(staff.get(1), "200.00", "0.00", "0.00", "200.00");

        Http.Response report = http.get("/v1/payment-files/" + fileId + "/status-report", token,
                Map.of("Accept", "application/xml"));
        assertEquals(200, report.status(), report.raw().body());
        String pain002 = report.raw().body();
        assertTrue(pain002.contains("<OrgnlMsgId>" + messageId + "</OrgnlMsgId>"), pain002);
        assertTrue(pain002.contains("<OrgnlNbOfTxs>5</OrgnlNbOfTxs><GrpSts>PDNG</GrpSts>"), pain002);
        assertTrue(pain002.contains("<OrgnlPmtInfId>SALARIES</OrgnlPmtInfId><TxInfAndSts><OrgnlEndToEndId>E2E-A"
                + "</OrgnlEndToEndId><TxSts>ACSC</TxSts></TxInfAndSts>"), pain002);
        assertTrue(pain002.contains("<OrgnlEndToEndId>E2E-C</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn>"
                + "<Cd>AC01</Cd></Rsn>"), pain002);
        assertTrue(pain002.contains("<OrgnlPmtInfId>SUPPLIERS</OrgnlPmtInfId><TxInfAndSts><OrgnlEndToEndId>E2E-D"
                + "</OrgnlEndToEndId><TxSts>PDNG</TxSts>"), pain002);

        // The file is its items' correlation root: the trace shows the file, then each item's commands and events.
        JsonNode trace = http.get("/v1/audit/trace/" + uploaded.header("X-Correlation-Id"),
                Tokens.token("auditor", "compliance")).body();
        assertTrue(trace.toString().contains("PaymentFileImportedEvent"), trace.toString());
        assertTrue(trace.toString().contains("file:" + fileId + "#1"), trace.toString());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode integrity = http.get("/v1/audit/integrity", Tokens.token("auditor", "compliance")).body();
            assertTrue(integrity.get("ok").asBoolean(), integrity.toString());
        });
    }

    @Test
    void aFileWhoseTotalsDisagreeIsRefusedWholeAndNothingOfItStays() {
        String bank = openSystem("GBP");
        String payer = openWallet("totals", "GBP");
        String payee = openWallet("totals-payee", "GBP");
        fund(bank, payer, "100.00", "GBP");
        String token = Tokens.token("totals", "wallet");
        String tx = toAccount("E2E-1", "10.00", "GBP", payee);
        for (String[] header : List.of(new String[] {"2", "10.00"}, new String[] {"1", "10.01"})) {
            String messageId = unique("MSG");
            Http.Response refused = upload(token, "application/xml",
                    pain001(messageId, header[0], header[1], paymentInfo("P1", payer, tx)), null);
            assertEquals(422, refused.status(), refused.body().toString());
            assertEquals("PAYMENT_FILE_REFUSED", refused.code());
            assertTrue(refused.text("detail").contains("GrpHdr/"), refused.text("detail"));
            assertEquals(404, http.get("/v1/payment-files/" + Ids.fileIdFor("totals", messageId), token).status());
        }
        // A payment information's own totals are checked too.
        Http.Response refused = upload(token, "application/xml", pain001(unique("MSG"), "1", null,
                paymentInfo("P1", payer, tx).replace("<PmtMtd>TRF</PmtMtd>", "<PmtMtd>TRF</PmtMtd><NbOfTxs>3</NbOfTxs>")),
                null);
        assertEquals("PAYMENT_FILE_REFUSED", refused.code(), refused.body().toString());
        assertTrue(refused.text("detail").contains("PmtInf[1]/NbOfTxs"), refused.text("detail"));
        assertBalances(payer, "100.00", "0.00", "0.00", "100.00");
        assertEquals(0, jdbc.queryForObject("select count(*) from payment_batch where submitted_by = 'totals'",
                Integer.class));
    }

    @Test
    void hostileAndBrokenXmlIsRefusedWholeWithAClearProblem() {
        String bank = openSystem("GBP");
        String payer = openWallet("hostile", "GBP");
        String payee = openWallet("hostile-payee", "GBP");
        fund(bank, payer, "100.00", "GBP");
        String token = Tokens.token("hostile", "wallet");
        String good = pain001(unique("MSG"), "1", "10.00", paymentInfo("P1", payer,
                toAccount("E2E-1", "10.00", "GBP", payee)));
        String declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
        String xxe = good.replace(declaration, declaration
                        + "<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>")
                .replace("salary November", "&xxe;");
        String laughs = good.replace(declaration, declaration + "<!DOCTYPE Document [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>")
                .replace("salary November", "&lol3;");
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("xxe", xxe);
        refusals.put("billion laughs", laughs);
        refusals.put("cut in the middle", good.substring(0, good.indexOf("</CdtTrfTxInf>")));
        refusals.put("not pain.001", good.replace("pain.001.001.09", "pain.001.001.03"));
        refusals.put("not XML", "debtor,creditor\n");
        refusals.put("no message id", good.replaceFirst("<MsgId>[^<]*</MsgId>", ""));
        refusals.put("deep", good.replace("salary November", "<a>".repeat(40) + "x" + "</a>".repeat(40)));
        for (Map.Entry<String, String> hostile : refusals.entrySet()) {
            Http.Response refused = upload(token, "application/xml", hostile.getValue(), null);
            assertEquals(422, refused.status(), hostile.getKey() + ": " + refused.body());
            assertEquals("PAYMENT_FILE_REFUSED", refused.code(), hostile.getKey());
            assertTrue(!refused.text("detail").contains("root:"), hostile.getKey() + ": " + refused.text("detail"));
        }
        assertTrue(upload(token, "application/xml", xxe, null).text("detail").contains("DTD"));
        assertBalances(payer, "100.00", "0.00", "0.00", "100.00");
        assertEquals(0, jdbc.queryForObject("select count(*) from payment_batch where submitted_by = 'hostile'",
                Integer.class));
        // The good file itself is accepted.
        assertEquals(201, upload(token, "application/xml", good, null).status());
        assertBalances(payer, "90.00", "0.00", "0.00", "90.00");
    }

    @Test
    void concurrentUploadsOfOneFileImportItOnce() throws Exception {
        String bank = openSystem("GBP");
        String payer = openWallet("twice", "GBP");
        String payee = openWallet("twice-payee", "GBP");
        fund(bank, payer, "1000.00", "GBP");
        String token = Tokens.token("twice", "wallet");
        StringBuilder csv = new StringBuilder(CSV_HEADER);
        for (int i = 0; i < 300; i++) {
            csv.append(payer).append(',').append(payee).append(",1.00,GBP,E2E-").append(i).append(",\n");
        }
        String key = unique("twice");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Http.Response>> uploads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                uploads.add(pool.submit((Callable<Http.Response>) () -> upload(token, "text/csv", csv.toString(), key)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Http.Response> upload : uploads) {
                statuses.add(upload.get().status());
            }
            statuses.sort(null);
            assertEquals(List.of(200, 200, 200, 201), statuses);
        } finally {
            pool.shutdownNow();
        }
        awaitDispatched(token, Ids.fileIdFor("twice", key));
        assertBalances(payer, "700.00", "0.00", "0.00", "700.00");
        assertBalances(payee, "300.00", "0.00", "0.00", "300.00");
    }

    @Test
    void aFileStillBeingSentCanBeCancelledAndWhatWasSentStays() {
        String bank = openSystem("GBP");
        String payer = openWallet("cancel", "GBP");
        String payee = openWallet("cancel-payee", "GBP");
        fund(bank, payer, "5000.00", "GBP");
        String token = Tokens.token("cancel", "wallet");
        StringBuilder csv = new StringBuilder("amount,currency,debtor_account,creditor_account\n");
        for (int i = 0; i < 3_000; i++) {
            csv.append("1.00,GBP,").append(payer).append(',').append(payee).append('\n');
        }
        Http.Response uploaded = upload(token, "text/csv", csv.toString(), unique("cancel"));
        assertEquals(201, uploaded.status(), uploaded.body().toString());
        String fileId = uploaded.text("fileId");
        Http.Response cancelled = http.post("/v1/payment-files/" + fileId + "/cancel", token, null);
        assertEquals(200, cancelled.status(), cancelled.body().toString());
        assertEquals("CANCELLED", cancelled.text("status"));
        // What was on its way when the file was cancelled is sent and booked; nothing sent is called cancelled.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode file = http.get("/v1/payment-files/" + fileId, token).body();
            assertNull(file.get("items").get("PENDING"), file.toString());
            assertNull(file.get("items").get("QUEUED"), file.toString());
        });
        JsonNode items = http.get("/v1/payment-files/" + fileId, token).body().get("items");
        long settled = items.get("SETTLED") == null ? 0 : items.get("SETTLED").asLong();
        assertTrue(items.get("CANCELLED").asLong() > 0, items.toString());
        assertEquals(3_000, settled + items.get("CANCELLED").asLong(), items.toString());
        String paid = java.math.BigDecimal.valueOf(settled).setScale(2).toPlainString();
        assertBalances(payee, paid, "0.00", "0.00", paid);
        assertEquals("BATCH_NOT_CANCELLABLE", http.post("/v1/payment-files/" + fileId + "/cancel", token, null).code());
    }
}
