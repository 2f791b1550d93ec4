package io.ledger.api.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.Jwts;
import io.ledger.api.LedgerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys rotate without a restart: the service verifies tokens (ES256, RS256, EdDSA) against a JWK set served on
 * loopback, takes a new key the moment a token names it, keeps the old one until the set drops it, and refuses what the attack list
 * tries (made-up and injected kids, keys or URLs in the token's own header, algorithm confusion) without letting
 * made-up kids make it fetch the set again and again.
 */
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = LedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeyRotationIT {

    private static final String DATABASE = TestDatabase.create("keys");
    private static final List<JWK> PUBLISHED = new CopyOnWriteArrayList<>();
    private static final AtomicInteger FETCHES = new AtomicInteger();
    private static final AtomicInteger ATTACKER_FETCHES = new AtomicInteger();
    private static final HttpServer ISSUER = serve(FETCHES, () -> new JWKSet(new ArrayList<>(PUBLISHED)));
    private static final ECKey EVIL = ec("evil");
    private static final HttpServer ATTACKER = serve(ATTACKER_FETCHES, () -> new JWKSet(EVIL));

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        LedgerIT.testApplication(registry, DATABASE);
        registry.add("ledger.jwt.public-key", () -> "");
        registry.add("ledger.jwt.jwk-set-uri", () -> url(ISSUER));
        registry.add("ledger.jwt.jwk-set-ttl", () -> "PT3S");
        registry.add("ledger.jwt.jwk-refetch-min-interval", () -> "PT1S");
    }

    @AfterAll
    static void stop() {
        ISSUER.stop(0);
        ATTACKER.stop(0);
    }

    @Test
    void keysRotateWithoutARestartAndTheAttackListIsRefused(CapturedOutput output) throws Exception {
        Http http = new Http(port);
        ECKey first = ec("first");
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();
        PUBLISHED.add(first.toPublicJWK());
        PUBLISHED.add(rsa.toPublicJWK());

        String firstToken = token(header(JWSAlgorithm.ES256, "first"), new ECDSASigner(first));
        assertEquals(200, http.get("/v1/accounts", firstToken).status(), "ES256 by kid");
        assertEquals(200, http.get("/v1/accounts", token(header(JWSAlgorithm.RS256, "rsa"), new RSASSASigner(rsa)))
                .status(), "RS256 by kid");
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = ed.getPublic().getEncoded();
        PUBLISHED.add(new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Arrays.copyOfRange(spki, spki.length - 32,
                spki.length))).keyID("ed").build());
        Thread.sleep(1_100); // the set is fetched again for the new kid, once the minimum interval has passed
        assertEquals(200, http.get("/v1/accounts", Tokens.builder("rotor", "wallet").header().keyId("ed").and()
                .signWith(ed.getPrivate(), Jwts.SIG.EdDSA).compact()).status(), "EdDSA (Ed25519) by kid");
        assertEquals(401, http.get("/v1/accounts", Tokens.builder("rotor", "wallet").header().keyId("ed").and()
                .signWith(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate(), Jwts.SIG.EdDSA)
                .compact()).status(), "EdDSA by another key under the same kid");

        // Made-up kids: refused, and they do not make the service fetch the set more than once per interval.
        int before = FETCHES.get();
        ECKey stranger = ec("stranger");
        for (int i = 0; i < 20; i++) {
            assertEquals(401, http.get("/v1/accounts", token(header(JWSAlgorithm.ES256, UUID.randomUUID().toString()),
                    new ECDSASigner(stranger))).status());
        }
        assertTrue(FETCHES.get() - before <= 2, "made-up kids fetched the set " + (FETCHES.get() - before) + " times");
        for (String injected : new String[] {"../../../../dev/null", "' OR '1'='1", "first\u0000", "first "}) {
            assertEquals(401, http.get("/v1/accounts", token(header(JWSAlgorithm.ES256, injected), new ECDSASigner(first)))
                    .status(), "kid " + injected);
        }

        // Keys or URLs the token brings itself are never used, and nothing is fetched from them.
        JWSHeader selfMade = new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID("evil")
                .jwkURL(URI.create(url(ATTACKER))).x509CertURL(URI.create(url(ATTACKER))).jwk(EVIL.toPublicJWK()).build();
        assertEquals(401, http.get("/v1/accounts", token(selfMade, new ECDSASigner(EVIL))).status());
        assertEquals(0, ATTACKER_FETCHES.get(), "the service fetched a key from a URL in a token");
        // Algorithm confusion: HS256 with the published public key as the secret.
        byte[] publicKeyBytes = first.toECPublicKey().getEncoded();
        assertEquals(401, http.get("/v1/accounts", token(header(JWSAlgorithm.HS256, "first"),
                new MACSigner(java.util.Arrays.copyOf(publicKeyBytes, Math.max(32, publicKeyBytes.length))))).status());

        // Rotation: a new key is taken the moment a token names it; the old one stays valid until it is removed.
        Thread.sleep(1_100);
        ECKey second = ec("second");
        PUBLISHED.add(second.toPublicJWK());
        String secondToken = token(header(JWSAlgorithm.ES256, "second"), new ECDSASigner(second));
        assertEquals(200, http.get("/v1/accounts", secondToken).status(), "the new key, without a restart");
        assertEquals(200, http.get("/v1/accounts", firstToken).status(), "the old key until it is removed");

        PUBLISHED.remove(first.toPublicJWK());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> http.get("/v1/accounts", firstToken).status() == 401);
        assertEquals(200, http.get("/v1/accounts", secondToken).status());

        assertTrue(SecurityEventsIT.securityEvents(output).stream().anyMatch(event ->
                "jwk-set-refresh".equals(SecurityEventsIT.field(event, "event.action"))
                        && "success".equals(SecurityEventsIT.field(event, "event.outcome"))), "key refreshes are security events");
    }

    private static JWSHeader header(JWSAlgorithm algorithm, String kid) {
        return new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(kid).build();
    }

    private static String token(JWSHeader header, JWSSigner signer) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(header, new JWTClaimsSet.Builder().issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE)
                .subject("rotor").claim("scope", "wallet").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600))).build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    private static HttpServer serve(AtomicInteger fetches, java.util.function.Supplier<JWKSet> keys) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks.json", exchange -> {
                fetches.incrementAndGet();
                byte[] body = keys.get().toString(true).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
