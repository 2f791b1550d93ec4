package io.ledger.api.it;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/** Real tokens for the tests, signed with the secret the test application is configured with. */
public final class Tokens {

    public static final String ISSUER = "ledger-test";
    public static final String AUDIENCE = "ledger-api-test";
    public static final byte[] SECRET = random(32);
    public static final String SECRET_BASE64 = Base64.getEncoder().encodeToString(SECRET);

    private Tokens() {
    }

    public static String token(String subject, String scope) {
        return builder(subject, scope).compact();
    }

    /**
     * A token held in a constant for a whole test run. The run can outlast the ten minutes an
     * ordinary test token lives (CI on a busy machine took 16), so these live for three hours.
     */
    public static String forTheRun(String subject, String scope) {
        return builder(subject, scope).expiration(Date.from(Instant.now().plus(Duration.ofHours(3)))).compact();
    }

    /** A valid token's builder, for tests that then spoil one claim. */
    public static JwtBuilder builder(String subject, String scope) {
        Instant now = Instant.now();
        return Jwts.builder()
                .issuer(ISSUER)
                .audience().add(AUDIENCE).and()
                .subject(subject)
                .claim("scope", scope)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(Duration.ofMinutes(10))))
                .signWith(key(), Jwts.SIG.HS256);
    }

    public static SecretKey key() {
        return new SecretKeySpec(SECRET, "HmacSHA256");
    }

    static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return value;
    }
}
