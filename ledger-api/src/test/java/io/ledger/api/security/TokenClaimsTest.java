package io.ledger.api.security;

import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtException;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a validly signed token may still not say: ambiguous claims, hidden scopes, odd subjects, a future. */
class TokenClaimsTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final SecretKey KEY = new SecretKeySpec(SECRET, "HmacSHA256");
    private final TokenVerifier verifier = new TokenVerifier(TokenKeys.secret(SECRET), "iss", "aud", Duration.ofSeconds(30));

    private Caller verify(String token) {
        return CallerAuthentication.of(verifier.decode(token)).getPrincipal();
    }

    private static io.jsonwebtoken.JwtBuilder token(String subject, String scope) {
        return Jwts.builder().issuer("iss").audience().add("aud").and().subject(subject).claim("scope", scope)
                .issuedAt(new Date()).expiration(Date.from(Instant.now().plusSeconds(60))).signWith(KEY, Jwts.SIG.HS256);
    }

    /** Signs claims exactly as written, so they can hold what no JWT library would write. */
    private static String rawToken(String claimsJson) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(KEY);
        return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void scopesMatchExactlyAsSpaceSeparatedTokens() {
        assertEquals(Set.of(), Scope.parse("admin\u0000"));
        assertEquals(Set.of(), Scope.parse("\u0000admin"));
        assertEquals(Set.of(), Scope.parse("admin\t"));
        assertEquals(Set.of(), Scope.parse("wallet\tadmin"));
        assertEquals(Set.of(), Scope.parse("ADMIN"));
        assertEquals(Set.of(Scope.WALLET), Scope.parse("wallet admin\u0000"));
        assertEquals(Set.of(Scope.WALLET, Scope.COMPLIANCE), Scope.parse("wallet compliance"));
        assertEquals(Set.of(Scope.ADMIN), verify(token("ops", "admin").compact()).scopes());
        assertEquals(Set.of(), verify(token("ops", "admin\u0000").compact()).scopes());
    }

    /** Nimbus's JSON reader refuses this; the test keeps it so, whatever reader a later version brings. */
    @Test
    void aClaimGivenTwiceIsRefused() throws Exception {
        long exp = Instant.now().plusSeconds(60).getEpochSecond();
        String once = "{\"iss\":\"iss\",\"aud\":\"aud\",\"sub\":\"alice\",\"scope\":\"wallet\",\"exp\":" + exp + "}";
        assertEquals("alice", verify(rawToken(once)).subject());
        assertThrows(JwtException.class, () -> verify(rawToken(
                "{\"iss\":\"iss\",\"aud\":\"aud\",\"sub\":\"alice\",\"scope\":\"wallet\",\"scope\":\"admin\",\"exp\":" + exp + "}")));
        assertThrows(JwtException.class, () -> verify(rawToken(
                "{\"iss\":\"iss\",\"aud\":\"aud\",\"sub\":\"alice\",\"sub\":\"bob\",\"scope\":\"wallet\",\"exp\":" + exp + "}")));
    }

    @Test
    void subjectsArePrintableAndBounded() {
        assertThrows(JwtException.class, () -> verify(token("al\u0000ice", "wallet").compact()));
        assertThrows(JwtException.class, () -> verify(token("alice\n", "wallet").compact()));
        assertThrows(JwtException.class, () -> verify(token("a".repeat(256), "wallet").compact()));
        assertEquals("a".repeat(255), verify(token("a".repeat(255), "wallet").compact()).subject());
    }

    @Test
    void aTokenIssuedInTheFutureIsRefusedBeyondTheClockSkew() {
        Instant now = Instant.now();
        assertThrows(JwtException.class, () -> verify(token("alice", "wallet")
                .issuedAt(Date.from(now.plus(Duration.ofDays(3650)))).compact()));
        assertThrows(JwtException.class, () -> verify(token("alice", "wallet")
                .issuedAt(Date.from(now.plusSeconds(120))).compact()));
        assertEquals("alice", verify(token("alice", "wallet").issuedAt(Date.from(now.plusSeconds(10))).compact())
                .subject(), "within the clock skew");
    }
}
