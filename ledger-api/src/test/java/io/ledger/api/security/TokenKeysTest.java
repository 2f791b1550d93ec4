package io.ledger.api.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtException;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The issuer found by its discovery document: its own issuer name checked, its JWK set used, found lazily. */
class TokenKeysTest {

    private final AtomicReference<String> issuerName = new AtomicReference<>();
    private final ECKey key = generate();
    private HttpServer server;

    private String issuerUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/bank";
    }

    private void serve() throws Exception {
        serve(0);
    }

    private void serve(int port) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/realms/bank/.well-known/openid-configuration", exchange -> respond(exchange,
                "{\"issuer\":\"" + issuerName.get() + "\",\"jwks_uri\":\"" + issuerUri() + "/keys\"}"));
        server.createContext("/realms/bank/keys", exchange -> respond(exchange, new JWKSet(key.toPublicJWK()).toString()));
        server.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void tokensOfTheDiscoveredIssuerAreAccepted() throws Exception {
        serve();
        issuerName.set(issuerUri());
        TokenVerifier verifier = new TokenVerifier(TokenKeys.discovered(issuerUri(), Duration.ofMinutes(5),
                Duration.ofMillis(1), new SecurityEvents()), issuerUri(), "aud", Duration.ofSeconds(5));
        assertEquals("teller", verifier.decode(token(issuerUri())).getSubject());
        assertThrows(JwtException.class, () -> verifier.decode(token("http://elsewhere")), "iss must be the issuer");
    }

    @Test
    void metadataIsLookedForWhereOpenIdConnectAndRfc8414PutIt() {
        assertEquals(List.of(URI.create("https://id.example/realms/bank/.well-known/openid-configuration"),
                        URI.create("https://id.example/.well-known/openid-configuration/realms/bank"),
                        URI.create("https://id.example/.well-known/oauth-authorization-server/realms/bank")),
                TokenKeys.discoveryDocuments("https://id.example/realms/bank"));
        assertEquals(List.of(URI.create("https://id.example:8443/.well-known/openid-configuration"),
                        URI.create("https://id.example:8443/.well-known/oauth-authorization-server")),
                TokenKeys.discoveryDocuments("https://id.example:8443"));
    }

    @Test
    void anOAuthIssuerWithOnlyRfc8414MetadataIsFound() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/oauth-authorization-server/realms/bank", exchange -> respond(exchange,
                "{\"issuer\":\"" + issuerUri() + "\",\"jwks_uri\":\"" + issuerUri() + "/keys\"}"));
        server.createContext("/realms/bank/keys", exchange -> respond(exchange, new JWKSet(key.toPublicJWK()).toString()));
        server.start();
        TokenVerifier verifier = new TokenVerifier(TokenKeys.discovered(issuerUri(), Duration.ofMinutes(5),
                Duration.ofMillis(1), new SecurityEvents()), issuerUri(), "aud", Duration.ofSeconds(5));
        assertEquals("teller", verifier.decode(token(issuerUri())).getSubject());
    }

    @Test
    void aDiscoveryDocumentNamingAnotherIssuerIsNotTrusted() throws Exception {
        serve();
        issuerName.set("http://impostor");
        TokenVerifier verifier = new TokenVerifier(TokenKeys.discovered(issuerUri(), Duration.ofMinutes(5),
                Duration.ofMillis(1), new SecurityEvents()), issuerUri(), "aud", Duration.ofSeconds(5));
        assertThrows(JwtException.class, () -> verifier.decode(token(issuerUri())));
    }

    @Test
    void theServiceStartsWhileTheIssuerIsDownAndAcceptsTokensOnceItAnswers() throws Exception {
        serve();
        String uri = issuerUri();
        issuerName.set(uri);
        server.stop(0);
        TokenVerifier verifier = new TokenVerifier(TokenKeys.discovered(uri, Duration.ofMinutes(5),
                Duration.ofMillis(1), new SecurityEvents()), uri, "aud", Duration.ofSeconds(5));
        String token = token(uri);
        assertThrows(JwtException.class, () -> verifier.decode(token), "refused while the issuer is down");
        serve(Integer.parseInt(uri.replaceAll(".*:(\\d+)/.*", "$1")));
        Thread.sleep(5);
        assertEquals("teller", verifier.decode(token).getSubject());
    }

    private String token(String issuer) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID()).build(), new JWTClaimsSet.Builder().issuer(issuer).audience("aud").subject("teller")
                .expirationTime(Date.from(now.plusSeconds(60))).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("bank-1").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
