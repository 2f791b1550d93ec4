package io.ledger.api.it;

import io.ledger.audit.VerifyExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The signed account statement (issue 22): opening and closing balances of a period and the postings between — a
 * direct debit and credit and a hold posted by a part capture — equal the balances the index answers at those times,
 * verify offline with verify-export against the audit key, and are refused once one byte of a record or of the
 * statement is changed. A wallet reads its own account's only.
 */
class SignedStatementIT extends LedgerIT {

    private static final String COMPLIANCE = Tokens.forTheRun("auditor", "compliance");
    private static final String MERCHANT = "shop-owner";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Instant between() throws InterruptedException {
        Thread.sleep(30);
        Instant now = Instant.now();
        Thread.sleep(30);
        return now;
    }

    private long postedAsOf(String account, Instant at) {
        Http.Response then = http.get("/v1/accounts/" + account + "?asOf=" + at, BACKOFFICE);
        assertEquals(200, then.status(), then.body().toString());
        return new BigDecimal(then.body().get("balances").get("posted").asString()).movePointRight(2).longValueExact();
    }

    private static String verify(Path file, Path key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VerifyExport.run(new String[] {file.toString(), "--public-key", key.toString()}, new PrintStream(out), System.err);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aStatementGivesTheBalancesOfItsPeriodAndVerifiesOfflineUntilOneByteChanges(@TempDir Path dir) throws Exception {
        String bank = openSystem("USD");
        String owner = unique("stella");
        String wallet = openWallet(owner, "USD");
        String friend = openWallet("friend", "USD");
        String shop = unique("shop");
        assertEquals(201, open(ADMIN, shop, MERCHANT, "USD", "MERCHANT").status());
        fund(bank, wallet, "100.00", "USD");
        Instant from = between();
        assertEquals("SETTLED", pay(Tokens.token(owner, "wallet"), unique("k"), wallet, friend, "30.00", "USD").text("status"));
        fund(bank, wallet, "5.00", "USD");
        Http.Response authorized = http.post("/v1/payments", Tokens.token(owner, "wallet"), "{\"debtorAccount\":\"" + wallet
                        + "\",\"creditorAccount\":\"" + shop + "\",\"amount\":\"10.00\",\"currency\":\"USD\",\"capture\":\"MANUAL\"}",
                Map.of("Idempotency-Key", unique("auth"), "Prefer", "wait=10"));
        assertEquals("AUTHORIZED", authorized.text("status"), authorized.body().toString());
        Http.Response captured = http.post("/v1/payments/" + authorized.text("paymentId") + "/capture",
                Tokens.token(MERCHANT, "wallet"), "{\"amount\":\"7.50\"}", Map.of("Idempotency-Key", unique("cap"),
                        "Prefer", "wait=10"));
        assertEquals("SETTLED", captured.text("status"), captured.body().toString());
        Instant to = between();
        assertEquals("SETTLED", pay(Tokens.token(owner, "wallet"), unique("k"), wallet, friend, "1.00", "USD").text("status"));
        assertBalances(wallet, "66.50", "0.00", "0.00", "66.50");

        Http.Response response = http.get("/v1/accounts/" + wallet + "/statement?from=" + from + "&to=" + to,
                Tokens.token(owner, "wallet"));
        assertEquals(200, response.status(), response.raw().body());
        List<String> lines = new ArrayList<>(response.raw().body().lines().toList());
        JsonNode statement = lines.stream().map(JSON::readTree).filter(line -> "statement".equals(line.get("type").asString()))
                .findFirst().orElseThrow();
        assertEquals(10_000, statement.get("openingBalance").asLong());
        assertEquals(postedAsOf(wallet, from), statement.get("openingBalance").asLong(), "the index agrees at from");
        assertEquals(6_750, statement.get("closingBalance").asLong());
        assertEquals(postedAsOf(wallet, to), statement.get("closingBalance").asLong(), "the index agrees at to");
        List<String> postings = new ArrayList<>();
        statement.get("entries").forEach(entry -> postings.add(entry.get("eventType").asString() + " "
                + entry.get("amount").asLong()));
        assertEquals(List.of("AccountDebitedEvent -3000", "AccountCreditedEvent 500", "DebitPostedEvent -750"), postings);

        Path key = Files.writeString(dir.resolve("audit.pem"), http.get("/v1/audit/public-key", COMPLIANCE).raw().body());
        Path file = Files.write(dir.resolve("statement.ndjson"), lines, StandardCharsets.UTF_8);
        String verdict = verify(file, key);
        assertTrue(verdict.startsWith("VERIFIED"), verdict);
        assertTrue(verdict.contains("opening 10000, closing 6750 (minor units), 3 postings"), verdict);
        assertTrue(verdict.contains("account " + wallet + " complete"), verdict);

        // One byte of a record: its hash no longer holds.
        int debit = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"type\":\"record\"") && lines.get(i).contains("AccountDebitedEvent")
                    && lines.get(i).contains("3000")) {
                debit = i;
            }
        }
        assertTrue(debit >= 0, "the debit's record is in the statement");
        List<String> edited = new ArrayList<>(lines);
        edited.set(debit, lines.get(debit).replaceFirst("3000", "3001"));
        String tampered = verify(Files.write(dir.resolve("edited-record.ndjson"), edited, StandardCharsets.UTF_8), key);
        assertTrue(tampered.startsWith("FAILED") && tampered.contains("do not match its hash"), tampered);

        // One byte of the statement: the records do not give it.
        List<String> claimed = new ArrayList<>(lines);
        int line = lines.indexOf(lines.stream().filter(l -> l.contains("\"type\":\"statement\"")).findFirst().orElseThrow());
        claimed.set(line, lines.get(line).replace("\"closingBalance\":6750", "\"closingBalance\":6751"));
        String wrong = verify(Files.write(dir.resolve("edited-statement.ndjson"), claimed, StandardCharsets.UTF_8), key);
        assertTrue(wrong.startsWith("FAILED") && wrong.contains("closingBalance"), wrong);

        // Who may: the owner, compliance, the back office; another wallet is told the account does not exist.
        assertEquals(200, http.get("/v1/accounts/" + wallet + "/statement?from=" + from + "&to=" + to, COMPLIANCE).status());
        Http.Response other = http.get("/v1/accounts/" + wallet + "/statement?from=" + from + "&to=" + to,
                Tokens.token("friend", "wallet"));
        assertEquals(404, other.status());
        Http.Response backwards = http.get("/v1/accounts/" + wallet + "/statement?from=" + to + "&to=" + from, BACKOFFICE);
        assertEquals(400, backwards.status());
        assertEquals(400, http.get("/v1/accounts/" + wallet + "/statement?to=" + to, BACKOFFICE).status());
    }
}
