package io.ledger.api.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.Jwts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * An OpenID Connect issuer for the console's sign-in tests, in this JVM: a token endpoint that checks the PKCE
 * verifier against the challenge it was told of and answers an ID token (RS256) with the scopes it is told to grant,
 * and its JWK set. The authorization endpoint is the test itself: it reads the redirect and comes back with a code.
 */
final class FakeIssuer {

    static final String CLIENT_ID = "ledger-console";
    static final String CLIENT_SECRET = "console-secret";

    private static FakeIssuer running;

    private final HttpServer server;
    private final KeyPair keys = rsa();
    /** What the next code grants: the subject, the scopes, the nonce and the PKCE challenge to check. */
    volatile Grant next;
    /** Whether the last token request proved the PKCE challenge. */
    volatile Boolean verifierMatched;

    record Grant(String code, String subject, String scopes, String nonce, String challenge) {
    }

    static synchronized FakeIssuer get() {
        if (running == null) {
            running = new FakeIssuer();
        }
        return running;
    }

    private FakeIssuer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/token", this::token);
        server.createContext("/jwks", this::jwks);
        server.start();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant grant = next;
        String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        if (grant == null || !grant.code().equals(form.get("code"))
                || !basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        verifierMatched = grant.challenge().equals(challengeOf(form.get("code_verifier")));
        if (!verifierMatched) {
            answer(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"PKCE verification failed\"}");
            return;
        }
        next = null;
        Instant now = Instant.now();
        String idToken = Jwts.builder().header().keyId("k1").and().issuer(uri()).subject(grant.subject())
                .audience().add(CLIENT_ID).and().claim("nonce", grant.nonce()).issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(Duration.ofMinutes(5)))).signWith(keys.getPrivate(), Jwts.SIG.RS256)
                .compact();
        answer(exchange, 200, "{\"access_token\":\"opaque-" + grant.code() + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":300,\"scope\":\"" + grant.scopes() + "\",\"id_token\":\"" + idToken + "\"}");
    }

    private void jwks(HttpExchange exchange) throws IOException {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        answer(exchange, 200, "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
                + url.encodeToString(unsigned(key.getModulus().toByteArray())) + "\",\"e\":\""
                + url.encodeToString(unsigned(key.getPublicExponent().toByteArray())) + "\"}]}");
    }

    static String challengeOf(String verifier) {
        if (verifier == null) {
            return null;
        }
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static byte[] unsigned(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
