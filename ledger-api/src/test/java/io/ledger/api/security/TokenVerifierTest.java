package io.ledger.api.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.util.Base64URL;
import io.jsonwebtoken.Jwts;
import io.ledger.api.cli.MintToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.JwtException;
import org.threeten.extra.MutableClock;

import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenVerifierTest {

    private static final Duration SKEW = Duration.ofSeconds(5);

    private static String signed(KeyPair pair, io.jsonwebtoken.security.SignatureAlgorithm alg) {
        return Jwts.builder().issuer("iss").audience().add("aud").and().subject("alice").claim("scope", "wallet backoffice")
                .expiration(Date.from(Instant.now().plusSeconds(60))).signWith(pair.getPrivate(), alg).compact();
    }

    private static Path pem(Path dir, KeyPair pair) throws Exception {
        Path file = dir.resolve("key.pem");
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        return file;
    }

    private static Caller caller(TokenVerifier verifier, String token) {
        return CallerAuthentication.of(verifier.decode(token)).getPrincipal();
    }

    @Test
    void acceptsRs256WithTheConfiguredRsaKeyOnly(@TempDir Path dir) throws Exception {
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        TokenVerifier verifier = new TokenVerifier(TokenKeys.publicKey(KeyMaterial.readPublicKey(pem(dir, rsa))),
                "iss", "aud", SKEW);
        Caller caller = caller(verifier, signed(rsa, Jwts.SIG.RS256));
        assertEquals("alice", caller.subject());
        assertEquals(Set.of(Scope.WALLET, Scope.BACKOFFICE), caller.scopes());
        KeyPair other = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertThrows(JwtException.class, () -> verifier.decode(signed(other, Jwts.SIG.RS256)));
        assertThrows(JwtException.class, () -> verifier.decode(signed(rsa, Jwts.SIG.RS512)),
                "RS512 is not among the accepted algorithms, even with the right key");
    }

    @Test
    void acceptsEs256WithTheConfiguredEcKey(@TempDir Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = generator.generateKeyPair();
        TokenVerifier verifier = new TokenVerifier(TokenKeys.publicKey(KeyMaterial.readPublicKey(pem(dir, ec))),
                "iss", "aud", SKEW);
        assertEquals("alice", caller(verifier, signed(ec, Jwts.SIG.ES256)).subject());
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertThrows(JwtException.class, () -> verifier.decode(signed(rsa, Jwts.SIG.RS256)),
                "an RS256 token is refused when only an EC key is configured");
        String confused = Jwts.builder().issuer("iss").audience().add("aud").and().subject("alice")
                .expiration(Date.from(Instant.now().plusSeconds(60)))
                .signWith(new SecretKeySpec(ec.getPublic().getEncoded(), "HmacSHA256"), Jwts.SIG.HS256).compact();
        assertThrows(JwtException.class, () -> verifier.decode(confused),
                "HS256 with the public key as its secret (algorithm confusion) is refused");
    }

    @Test
    void acceptsEdDsaWithAnEd25519KeyOfTheSetOnly() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = ed.getPublic().getEncoded();
        OctetKeyPair published = new OctetKeyPair.Builder(Curve.Ed25519,
                Base64URL.encode(Arrays.copyOfRange(spki, spki.length - 32, spki.length))).keyID("ed-1").build();
        TokenVerifier verifier = new TokenVerifier(new TokenKeys(new ImmutableJWKSet<>(new JWKSet(published)),
                TokenKeys.REMOTE_ALGORITHMS, TokenKeys.FOREVER), "iss", "aud", SKEW);
        assertEquals("alice", caller(verifier, signed(ed, Jwts.SIG.EdDSA)).subject());
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThrows(JwtException.class, () -> verifier.decode(signed(other, Jwts.SIG.EdDSA)), "another Ed25519 key");
        TokenVerifier rsaOnly = new TokenVerifier(new TokenKeys(new ImmutableJWKSet<>(new JWKSet(published)),
                Set.of(JWSAlgorithm.RS256), TokenKeys.FOREVER), "iss", "aud", SKEW);
        assertThrows(JwtException.class, () -> rsaOnly.decode(signed(ed, Jwts.SIG.EdDSA)),
                "EdDSA is refused where it is not among the algorithms");
    }

    @Test
    void aRememberedTokenIsAcceptedUntilItExpiresAndNotAfter() {
        byte[] secret = new byte[32];
        secret[0] = 7;
        MutableClock clock = MutableClock.of(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
        TokenVerifier verifier = new TokenVerifier(TokenKeys.secret(secret), "iss", "aud", SKEW, clock);
        String token = Jwts.builder().issuer("iss").audience().add("aud").and().subject("alice").claim("scope", "wallet")
                .expiration(Date.from(clock.instant().plusSeconds(60)))
                .signWith(new SecretKeySpec(secret, "HmacSHA256"), Jwts.SIG.HS256).compact();

        assertEquals("alice", verifier.decode(token).getSubject());
        clock.add(Duration.ofSeconds(64));
        assertEquals("alice", verifier.decode(token).getSubject(), "within exp plus the allowed skew");
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
        assertThrows(JwtException.class, () -> verifier.decode(tampered),
                "only the exact bytes of a token that passed are remembered");
        clock.add(Duration.ofSeconds(2));
        assertThrows(JwtException.class, () -> verifier.decode(token),
                "a remembered token is refused once exp plus the skew has passed");
    }

    @Test
    void refusesShortSecretsAndMissingConfiguration() {
        assertThrows(IllegalStateException.class, () -> TokenKeys.secret(new byte[31]));
        assertThrows(IllegalStateException.class, () -> new TokenVerifier(TokenKeys.secret(new byte[32]), "", "aud", SKEW));
        assertThrows(IllegalStateException.class, () -> new TokenVerifier(TokenKeys.secret(new byte[32]), "iss", null, SKEW));
    }

    @Test
    void mintedDevelopmentTokensAreAcceptedByTheService(@TempDir Path home) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = MintToken.run(new String[] {"--sub", "alice", "--scope", "wallet"},
                Map.of("LEDGER_HOME", home.toString()), new PrintStream(out), System.err);
        assertEquals(0, exit);
        byte[] secret = KeyMaterial.devSecret(home.resolve("dev-jwt-secret"));
        TokenVerifier verifier = new TokenVerifier(TokenKeys.secret(secret), MintToken.DEFAULT_ISSUER,
                MintToken.DEFAULT_AUDIENCE, SKEW);
        Caller caller = caller(verifier, out.toString().trim());
        assertEquals("alice", caller.subject());
        assertEquals(Set.of(Scope.WALLET), caller.scopes());
        assertEquals(2, MintToken.run(new String[] {"--scope", "wallet"}, Map.of(), System.out, new PrintStream(out)));
    }
}
