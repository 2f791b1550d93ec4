package io.ledger.benchmark;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * What the runner sets up and the simulations use: account names, owners and tokens, all derived from
 * the wallet index so that neither side has to ship a list to the other.
 */
final class Fixture {

    static final String ISSUER = "ledger-benchmark";
    static final String AUDIENCE = "ledger-api";
    static final String CURRENCY = "USD";
    static final String TREASURY = "bench-treasury";
    static final String MERCHANT = "bench-merchant";
    static final String MERCHANT_OWNER = "bench-merchant-owner";
    /** Each wallet starts with 1,000.00; payments move 0.01 to 5.00, so no wallet runs dry in a run. */
    static final long FUNDING_MINOR_UNITS = 100_000;

    private final byte[] secret;

    Fixture(String secretBase64) {
        this.secret = Base64.getDecoder().decode(secretBase64);
    }

    static String wallet(int index) {
        return String.format("bench-w%05d", index);
    }

    static String owner(int index) {
        return String.format("bench-o%05d", index);
    }

    String token(String subject, String scope) {
        Instant now = Instant.now();
        return Jwts.builder()
                .issuer(ISSUER)
                .audience().add(AUDIENCE).and()
                .subject(subject)
                .claim("scope", scope)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(Duration.ofHours(6))))
                .signWith(Keys.hmacShaKeyFor(secret), Jwts.SIG.HS256)
                .compact();
    }

    static String amount(long minorUnits) {
        return String.format("%d.%02d", minorUnits / 100, minorUnits % 100);
    }
}
