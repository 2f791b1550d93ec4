package io.ledger.api.it;

import com.nimbusds.jose.util.X509CertUtils;
import io.ledger.api.LedgerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Machine clients over mutual TLS with certificate-bound tokens (RFC 8705): the bank lane's token is accepted
 * only with the client certificate it is bound to; no certificate, a certificate of another CA, an expired one
 * or a token bound to another certificate is refused; a wallet without a certificate is not affected; and a new
 * client CA is taken from its file without a restart.
 */
@DirtiesContext
@SpringBootTest(classes = LedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MutualTlsIT {

    private static final String DATABASE = TestDatabase.create("mtls");
    private static final Path DIR = directory();
    private static final TestCertificates.Issued CA = uncheck(() -> TestCertificates.authority("ledger test CA"));
    private static final TestCertificates.Issued SERVER = uncheck(() -> TestCertificates.issue(CA, "ledger"));

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        LedgerIT.testApplication(registry, DATABASE);
        Files.writeString(DIR.resolve("server.crt"), SERVER.certificatePem());
        Files.writeString(DIR.resolve("server.key"), SERVER.privateKeyPem());
        Files.writeString(DIR.resolve("clients-ca.crt"), CA.certificatePem());
        registry.add("server.ssl.enabled", () -> "true");
        registry.add("spring.ssl.bundle.pem.ledger.keystore.certificate", () -> file("server.crt"));
        registry.add("spring.ssl.bundle.pem.ledger.keystore.private-key", () -> file("server.key"));
        registry.add("spring.ssl.bundle.pem.ledger.truststore.certificate", () -> file("clients-ca.crt"));
        registry.add("spring.ssl.bundle.watch.file.quiet-period", () -> "PT0.5S");
        registry.add("ledger.mtls.scopes", () -> "bank");
    }

    @AfterAll
    static void removeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(DIR)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void theBankLaneNeedsItsCertificateAndATokenBoundToIt() throws Exception {
        TestCertificates.Issued lane = TestCertificates.issue(CA, "bank-lane");
        TestCertificates.Issued other = TestCertificates.issue(CA, "another-client");
        String bound = bankToken(lane);

        assertEquals(200, status(lane.clientContext(CA), bound), "the bound token with its certificate");
        assertEquals(401, status(withoutCertificate(), bound), "no client certificate");
        assertEquals(401, status(lane.clientContext(CA), Tokens.token("bank-lane", "bank")), "a bank token not bound");
        assertEquals(401, status(other.clientContext(CA), bound), "the token is bound to another certificate");
        assertEquals(200, status(other.clientContext(CA), bankToken(other)));
        assertEquals(200, status(withoutCertificate(), Tokens.token("alice", "wallet")), "wallets need no certificate");
        assertEquals(401, status(withoutCertificate(), Tokens.builder("alice", "wallet")
                .claim("cnf", Map.of("x5t#S256", thumbprint(lane))).compact()), "any bound token needs its certificate");

        Instant now = Instant.now();
        TestCertificates.Issued expired = TestCertificates.issue(CA, "expired-lane", now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)));
        assertRefused(expired.clientContext(CA), bankToken(expired), "an expired client certificate");
        TestCertificates.Issued strangerCa = TestCertificates.authority("another CA");
        TestCertificates.Issued stranger = TestCertificates.issue(strangerCa, "bank-lane");
        assertRefused(stranger.clientContext(CA), bankToken(stranger), "a client certificate of another CA");

        // The client CA file changes: the new CA's clients are accepted without a restart.
        Files.writeString(DIR.resolve("clients-ca.crt"), CA.certificatePem() + strangerCa.certificatePem());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> status(stranger.clientContext(CA), bankToken(stranger)) == 200);
        assertEquals(200, status(lane.clientContext(CA), bound), "the first CA's clients still");
    }

    private void assertRefused(SSLContext tls, String token, String what) {
        int status;
        try {
            status = status(tls, token);
        } catch (IOException refusedInTheHandshake) {
            return;
        } catch (Exception e) {
            throw new AssertionError(what, e);
        }
        assertTrue(status == 401 || status == 403, what + " answered " + status);
    }

    private int status(SSLContext tls, String token) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                        + "/v1/payouts")).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private static SSLContext withoutCertificate() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, TestCertificates.trusting(CA).getTrustManagers(), null);
        return context;
    }

    private static String bankToken(TestCertificates.Issued client) {
        return Tokens.builder("bank-lane", "bank").claim("cnf", Map.of("x5t#S256", thumbprint(client))).compact();
    }

    private static String thumbprint(TestCertificates.Issued client) {
        return X509CertUtils.computeSHA256Thumbprint(client.certificate()).toString();
    }

    private static String file(String name) {
        return "file:" + DIR.resolve(name);
    }

    private static Path directory() {
        try {
            return Files.createTempDirectory("ledger-mtls-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Checked<T> {
        T get() throws Exception;
    }

    private static <T> T uncheck(Checked<T> make) {
        try {
            return make.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
