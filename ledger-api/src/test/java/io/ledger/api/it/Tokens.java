package io.ledger.api.it;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * Real tokens for the tests, ES256-signed with a key pair made for this test run; the applications under test
 * verify them with its public key ({@link #PUBLIC_KEY_PEM}, LEDGER_JWT_PUBLIC_KEY), as production would with
 * an issuer's key (a shared HS256 secret is for development only).
 */
public final class Tokens {

    public static final String ISSUER = "ledger-test";
    public static final String AUDIENCE = "ledger-api-test";
    public static final KeyPair KEYS = ecKeyPair();
    public static final Path PUBLIC_KEY_PEM = pem(KEYS);

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
                .signWith(KEYS.getPrivate(), Jwts.SIG.ES256);
    }

    public static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The public key as a PEM (SPKI) file, removed when the test JVM exits; readable by all, since a service the
     * tests run as another user (EmbeddedRestartIT, as root) must read it too, and it is a public key.
     */
    public static Path pem(KeyPair keys) {
        try {
            Path file = Files.createTempFile("ledger-test-token-key", ".pem",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            file.toFile().deleteOnExit();
            Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
