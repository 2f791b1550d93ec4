package io.ledger.api.it;

import org.iban4j.CountryCode;
import org.iban4j.Iban;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A day's statement of some size (issue 22): 2,000 incoming credits, each naming one of 20 wallets, reconciled as
 * top-ups — every line booked once, every wallet credited its sum, the clearing account agreeing with the bank's
 * closing balance, the books balanced. Prints the lines reconciled per second (docs/performance.md); asserts no time.
 */
class ReconciliationScaleIT extends LedgerIT {

    private static final int LINES = 2_000;
    private static final int WALLETS = 20;

    @Test
    void aStatementOfTwoThousandTopUpsReconcilesEveryLineOnce() {
        String clearing = "clr-scale-" + unique("cad");
        assertEquals(201, open(ADMIN, clearing, "house-bank", "CAD", "CLEARING").status());
        String suspense = openSystem("CAD");
        String iban = Iban.random(CountryCode.DE).toString();
        assertEquals(201, http.post("/v1/bank-accounts", ADMIN, "{\"iban\":\"" + iban + "\",\"currency\":\"CAD\","
                + "\"clearingAccount\":\"" + clearing + "\",\"suspenseAccount\":\"" + suspense + "\"}").status());
        List<String> wallets = new ArrayList<>();
        for (int i = 0; i < WALLETS; i++) {
            wallets.add(openWallet("scale" + i, "CAD"));
        }
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        StringBuilder csv = new StringBuilder("record,statement_id,iban,currency,date,direction,amount,end_to_end_id,"
                + "bank_reference,counterparty_iban,remittance_info,return_reason\n");
        String id = unique("CSV-SCALE");
        long total = 0;
        for (int line = 1; line <= LINES; line++) {
            long cents = 100 + line % 997;
            total += cents;
            csv.append("ENTRY,").append(id).append(',').append(iban).append(",CAD,").append(today).append(",CRDT,")
                    .append(cents / 100).append('.').append(String.format("%02d", cents % 100)).append(",,B-")
                    .append(line).append(",,top-up ").append(wallets.get(line % WALLETS)).append(",\n");
        }
        csv.append("OPENING,").append(id).append(',').append(iban).append(",CAD,").append(today).append(",CRDT,0.00,,,,,\n");
        csv.append("CLOSING,").append(id).append(',').append(iban).append(",CAD,").append(today).append(",CRDT,")
                .append(total / 100).append('.').append(String.format("%02d", total % 100)).append(",,,,,\n");

        long started = System.nanoTime();
        Http.Response uploaded = http.post("/v1/bank-statements", Tokens.token("bank-lane", "bank"), csv.toString(),
                Map.of("Content-Type", "text/csv", "Prefer", "wait=1"));
        assertEquals(201, uploaded.status(), uploaded.body().toString());
        String statementId = uploaded.text("statementId");
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() ->
                "RECONCILED".equals(http.get("/v1/bank-statements/" + statementId, BACKOFFICE).text("status")));
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("RECONCILIATION SCALE: %,d top-up lines reconciled and booked in %.1f s (%,.0f lines/s)%n",
                LINES, seconds, LINES / seconds);

        JsonNode statement = http.get("/v1/bank-statements/" + statementId, BACKOFFICE).body();
        assertEquals(LINES, statement.get("linesReconciled").asInt(), statement.toString());
        assertEquals(0, statement.get("linesInException").asInt());
        JsonNode check = http.get("/v1/bank-statements/" + statementId + "/reconciliation", BACKOFFICE).body()
                .get("balanceCheck");
        assertTrue(check.get("agrees").asBoolean(), check.toString());
        long credited = 0;
        for (String wallet : wallets) {
            credited += new java.math.BigDecimal(balance(wallet, "posted")).movePointRight(2).longValueExact();
        }
        assertEquals(total, credited, "the wallets hold exactly what the bank received");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode report = http.get("/v1/audit/integrity", Tokens.token("auditor", "compliance")).body();
            assertTrue(report.get("ok").asBoolean(), report.toString());
        });
    }
}
