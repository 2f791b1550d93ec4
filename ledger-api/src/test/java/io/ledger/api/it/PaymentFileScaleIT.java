package io.ledger.api.it;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pain.001 file of 1,000,000 transactions (about 300 MB) is imported through HTTP as a stream: the heap the
 * service holds while it is read stays bounded (sampled after a collection every second, the figures printed),
 * every transaction becomes an item, and the totals are checked over all of them. The file's dispatch is then
 * cancelled at once (sending a million payments is the benchmark's work, not a test's), its unsent items are
 * rewritten as cancelled in the background, and the books agree with what was sent.
 */
class PaymentFileScaleIT extends LedgerIT {

    static final int TRANSACTIONS = 1_000_000;
    /** What the import may hold beyond the service's heap before it started: a million items held would be ~1 GB. */
    static final long HEAP_BOUND = 128L * 1024 * 1024;

    @Test
    void aMillionTransactionFileImportsWithBoundedHeap() throws Exception {
        String bank = openSystem("EUR");
        String payer = openWallet("million", "EUR");
        String[] payees = {openWallet("million-payee", "EUR"), openWallet("million-payee", "EUR")};
        fund(bank, payer, "20000.00", "EUR");
        String token = Tokens.token("million", "wallet");
        String messageId = unique("M");

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean importing = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (importing.get()) {
                System.gc();
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long started = System.nanoTime();
        HttpResponse<String> uploaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/payment-files"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/xml")
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new BufferedInputStream(
                        new GeneratedPain001(messageId, payer, payees), 64 * 1024)))
                .build(), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - started) / 1e9;
        importing.set(false);
        sampler.join();
        long held = peak.get() - baseline;
        System.out.printf("FILE SCALE: %,d pain.001 transactions (%,d bytes) imported in %.1f s (%,.0f/s); heap after "
                        + "GC: %,d MB before, %,d MB at most while importing (%,d MB held)%n", TRANSACTIONS,
                GeneratedPain001.size(messageId, payer, payees), seconds, TRANSACTIONS / seconds,
                baseline >> 20, peak.get() >> 20, held >> 20);
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        JsonNode file = JsonMapper.builder().build().readTree(uploaded.body());
        assertEquals(TRANSACTIONS, file.get("itemCount").asInt());
        assertTrue(held < HEAP_BOUND, "the import held " + (held >> 20) + " MB");

        String fileId = file.get("fileId").asString();
        // Cancelling flips the file's status only (3-5 s here for a million queued items, most of it counting them
        // for the answer) after the dispatch's claim in progress, which reads its items by key whatever the
        // statistics say (autovacuum is off on these machines: once, as one statement, a claim took 83 s).
        long cancelStarted = System.nanoTime();
        HttpResponse<String> cancelled = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/payment-files/" + fileId + "/cancel"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(40))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        System.out.printf("FILE SCALE: cancelled in %.2f s%n", (System.nanoTime() - cancelStarted) / 1e9);
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        assertNull(JsonMapper.builder().build().readTree(cancelled.body()).get("items").get("QUEUED"), cancelled.body());
        // The dispatch then rewrites the unsent items chunk by chunk, forgetting their requests.
        await().atMost(Duration.ofMinutes(5)).untilAsserted(() -> assertEquals(0, jdbc.queryForObject(
                "select count(*) from payment_batch_item where batch_id = ? and (outcome in ('QUEUED', 'SENDING') "
                        + "or remittance_info is not null)", Integer.class, fileId)));
        System.out.printf("FILE SCALE: unsent items rewritten %.1f s after the cancel%n",
                (System.nanoTime() - cancelStarted) / 1e9);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode items = http.get("/v1/payment-files/" + fileId, token).body().get("items");
            assertNull(items.get("PENDING"), items.toString());
            assertNull(items.get("QUEUED"), items.toString());
        });
        JsonNode items = http.get("/v1/payment-files/" + fileId, token).body().get("items");
        long settled = items.path("SETTLED").asLong();
        assertEquals(TRANSACTIONS, settled + items.get("CANCELLED").asLong(), items.toString());
        String left = java.math.BigDecimal.valueOf(2_000_000 - settled, 2).toPlainString();
        assertBalances(payer, left, "0.00", "0.00", left);
    }

    /** A pain.001 file made as it is read: one PmtInf of a million 0.01 transfers, alternating between two payees. */
    static final class GeneratedPain001 extends InputStream {
        private final String payer;
        private final String[] payees;
        private byte[] chunk;
        private int position;
        private int next;
        private boolean ended;

        GeneratedPain001(String messageId, String payer, String[] payees) {
            this.payer = payer;
            this.payees = payees;
            this.chunk = head(messageId, payer);
        }

        static long size(String messageId, String payer, String[] payees) {
            long size = head(messageId, payer).length + TAIL.length;
            for (int i = 1; i <= TRANSACTIONS; i++) {
                size += transaction(i, payees[i % 2]).length;
            }
            return size;
        }

        private static byte[] head(String messageId, String payer) {
            return ("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn>
                    <GrpHdr><MsgId>%s</MsgId><CreDtTm>2026-12-05T09:00:00</CreDtTm><NbOfTxs>%d</NbOfTxs>
                    <CtrlSum>%s</CtrlSum><InitgPty><Nm>Million Ltd</Nm></InitgPty></GrpHdr>
                    <PmtInf><PmtInfId>ALL</PmtInfId><PmtMtd>TRF</PmtMtd><ReqdExctnDt><Dt>2026-12-05</Dt></ReqdExctnDt>
                    <Dbtr><Nm>Million Ltd</Nm></Dbtr><DbtrAcct><Id><Othr><Id>%s</Id></Othr></Id></DbtrAcct>
                    <DbtrAgt><FinInstnId><Othr><Id>LEDGER</Id></Othr></FinInstnId></DbtrAgt>
                    """.formatted(messageId, TRANSACTIONS, java.math.BigDecimal.valueOf(TRANSACTIONS, 2).toPlainString(),
                    payer)).getBytes(StandardCharsets.UTF_8);
        }

        private static byte[] transaction(int i, String payee) {
            return ("<CdtTrfTxInf><PmtId><EndToEndId>E2E-" + i + "</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"EUR\">0.01"
                    + "</InstdAmt></Amt><Cdtr><Nm>Payee</Nm></Cdtr><CdtrAcct><Id><Othr><Id>" + payee
                    + "</Id></Othr></Id></CdtrAcct><RmtInf><Ustrd>settlement " + i + "</Ustrd></RmtInf></CdtTrfTxInf>\n")
                    .getBytes(StandardCharsets.UTF_8);
        }

        private static final byte[] TAIL = "</PmtInf></CstmrCdtTrfInitn></Document>\n".getBytes(StandardCharsets.UTF_8);

        @Override
        public int read() {
            if (position == chunk.length) {
                if (ended) {
                    return -1;
                }
                next++;
                if (next > TRANSACTIONS) {
                    chunk = TAIL;
                    ended = true;
                } else {
                    chunk = transaction(next, payees[next % 2]);
                }
                position = 0;
            }
            return chunk[position++] & 0xff;
        }
    }
}
