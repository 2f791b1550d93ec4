package io.ledger.api.cli;

import io.ledger.api.security.KeyMaterial;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import javax.crypto.spec.SecretKeySpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar ledger.jar mint-token --sub alice --scope wallet [--ttl 3600]}: prints an HS256
 * token the running service accepts, signed with LEDGER_JWT_SECRET or, when that is not set, with the
 * development secret the service created under LEDGER_HOME. For development and demos only.
 */
public final class MintToken {

    public static final String DEFAULT_ISSUER = "ledger-dev";
    public static final String DEFAULT_AUDIENCE = "ledger-api";

    private MintToken() {
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println("usage: mint-token --sub SUBJECT --scope \"wallet|backoffice|admin|compliance ...\" [--ttl SECONDS]");
                return 2;
            }
            options.put(args[i].substring(2), args[++i]);
        }
        String subject = options.get("sub");
        String scope = options.getOrDefault("scope", "wallet");
        if (subject == null || subject.isBlank()) {
            err.println("mint-token: --sub is required");
            return 2;
        }
        long ttl;
        try {
            ttl = Long.parseLong(options.getOrDefault("ttl", "3600"));
        } catch (NumberFormatException e) {
            err.println("mint-token: --ttl takes a number of seconds");
            return 2;
        }
        String secret = env.get("LEDGER_JWT_SECRET");
        byte[] key = secret != null && !secret.isBlank() ? KeyMaterial.decodeSecret(secret)
                : KeyMaterial.devSecret(Path.of(env.getOrDefault("LEDGER_HOME", ".ledger"), "dev-jwt-secret"));
        try {
            KeyMaterial.requireHmacLength(key);
        } catch (IllegalStateException tooShort) {
            err.println("mint-token: " + tooShort.getMessage());
            return 2;
        }
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(env.getOrDefault("LEDGER_JWT_ISSUER", DEFAULT_ISSUER))
                .audience(List.of(env.getOrDefault("LEDGER_JWT_AUDIENCE", DEFAULT_AUDIENCE)))
                .subject(subject)
                .claim("scope", scope)
                .issuedAt(now)
                .expiresAt(now.plus(Duration.ofSeconds(ttl)))
                .build();
        String token = NimbusJwtEncoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256")).build()
                .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        out.println(token);
        return 0;
    }
}
