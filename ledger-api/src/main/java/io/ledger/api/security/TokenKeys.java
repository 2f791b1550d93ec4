package io.ledger.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.events.Event;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.net.MalformedURLException;
import java.net.URI;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The keys token signatures are checked against, and the algorithms they allow. Nimbus JOSE (Spring
 * Security's JWT library) picks a key by the token's {@code alg} and {@code kid} and never by a key or
 * URL the token carries ({@code jwk}, {@code jku}, {@code x5u} are ignored): an HS256 token only meets the
 * shared secret, an RS256 token an RSA key, an ES256 token a P-256 key, an EdDSA token an Ed25519 key.
 *
 * <p>A JWK set fetched from a URL ({@link #remote}) is the production way: cached for {@code ttl}, fetched
 * again when a token names a {@code kid} the cached set lacks (a rotation), but at most once per
 * {@code minInterval}, so tokens with made-up kids cannot make the service hammer the key server.
 */
public record TokenKeys(JWKSource<SecurityContext> source, Set<JWSAlgorithm> algorithms, Duration rememberAtMost) {

    /** What an issuer's JWK set may sign with: RS256, ES256 and EdDSA (Ed25519), each key by its type. */
    static final Set<JWSAlgorithm> REMOTE_ALGORITHMS =
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    /** Longest a verification is remembered when the keys never change (a secret, a PEM key). */
    static final Duration FOREVER = Duration.ofDays(365);

    /** HS256 with a shared secret of at least 256 bits: development only (SecurityConfig refuses it elsewhere). */
    public static TokenKeys secret(byte[] secret) {
        KeyMaterial.requireHmacLength(secret);
        // Its kid is its RFC 7638 thumbprint, as Spring's NimbusJwtEncoder names it (mint-token).
        JWK key;
        try {
            key = new OctetSequenceKey.Builder(secret).algorithm(JWSAlgorithm.HS256).keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        return new TokenKeys(new ImmutableJWKSet<>(new JWKSet(key)), Set.of(JWSAlgorithm.HS256), FOREVER);
    }

    /** One public key from a PEM file: RS256 for an RSA key, ES256 for a P-256 key. */
    public static TokenKeys publicKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return new TokenKeys(new ImmutableJWKSet<>(new JWKSet(new RSAKey.Builder(rsa).build())),
                    Set.of(JWSAlgorithm.RS256), FOREVER);
        }
        if (key instanceof ECPublicKey ec && Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
            return new TokenKeys(new ImmutableJWKSet<>(new JWKSet(new ECKey.Builder(Curve.P_256, ec).build())),
                    Set.of(JWSAlgorithm.ES256), FOREVER);
        }
        throw new IllegalStateException("LEDGER_JWT_PUBLIC_KEY must hold an RSA or a P-256 EC public key");
    }

    /**
     * A JWK set served at {@code uri}, RS256, ES256 and EdDSA keys chosen by {@code kid}. A verification is
     * remembered at most {@code ttl}, so a key removed from the set stops being accepted within two {@code ttl}s.
     */
    public static TokenKeys remote(String uri, Duration ttl, Duration minInterval, SecurityEvents events) {
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(2_000, 2_000, 64 * 1024);
        JWKSource<SecurityContext> source;
        try {
            source = JWKSourceBuilder.<SecurityContext>create(URI.create(uri).toURL(), retriever)
                    .cache(ttl.toMillis(), 5_000, (Event<CachingJWKSetSource<SecurityContext>, SecurityContext> e) ->
                            refreshed(e, events))
                    .rateLimited(minInterval.toMillis(), (Event<RateLimitedJWKSetSource<SecurityContext>, SecurityContext> e) ->
                            events.keySetRefreshed("failure", "refetch refused: within the minimum interval", null))
                    .refreshAheadCache(false)
                    .retrying(false)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("LEDGER_JWT_JWK_SET_URI is not a URL", e);
        }
        JWKSource<SecurityContext> fetched = source;
        // A set that cannot be had (the key server down, a refetch within the interval) holds no key for the token:
        // it is refused with 401 like any token without a key, and the event says why.
        JWKSource<SecurityContext> failClosed = (selector, context) -> {
            try {
                return fetched.get(selector, context);
            } catch (KeySourceException e) {
                return List.of();
            }
        };
        return new TokenKeys(failClosed, REMOTE_ALGORITHMS, ttl);
    }

    /**
     * The keys of the issuer at {@code issuerUri}, found through its discovery document
     * ({@link #discoveryDocuments}: OpenID Connect's, else RFC 8414's), whose
     * {@code issuer} must be {@code issuerUri} itself (RFC 8414) and whose {@code jwks_uri} is then used as by
     * {@link #remote}. Discovered on the first token, not at start: the service starts while the issuer is down,
     * and refuses tokens (401) until it answers.
     */
    public static TokenKeys discovered(String issuerUri, Duration ttl, Duration minInterval, SecurityEvents events) {
        RestClient http = RestClient.builder().requestFactory(timeouts()).build();
        AtomicReference<JWKSource<SecurityContext>> found = new AtomicReference<>();
        AtomicLong nextTry = new AtomicLong(System.nanoTime());
        JWKSource<SecurityContext> lazy = (selector, context) -> {
            JWKSource<SecurityContext> source = found.get();
            if (source == null) {
                long now = System.nanoTime();
                long allowed = nextTry.get();
                // As with unknown kids: tokens arriving while the issuer is down ask it at most once per interval.
                if (now - allowed < 0 || !nextTry.compareAndSet(allowed, now + minInterval.toNanos())) {
                    return List.of();
                }
                source = remote(jwksUri(http, issuerUri), ttl, minInterval, events).source();
                found.compareAndSet(null, source);
                source = found.get();
            }
            return source.get(selector, context);
        };
        JWKSource<SecurityContext> failClosed = (selector, context) -> {
            try {
                return lazy.get(selector, context);
            } catch (RuntimeException e) {
                events.keySetRefreshed("failure", "the issuer's discovery document could not be read", null);
                return List.of();
            }
        };
        return new TokenKeys(failClosed, REMOTE_ALGORITHMS, ttl);
    }

    private static String jwksUri(RestClient http, String issuerUri) {
        RuntimeException last = null;
        for (URI document : discoveryDocuments(issuerUri)) {
            try {
                Map<?, ?> metadata = http.get().uri(document).retrieve().body(Map.class);
                if (metadata == null || !issuerUri.equals(metadata.get("issuer"))) {
                    throw new IllegalStateException("the discovery document at " + document
                            + " names another issuer than LEDGER_JWT_ISSUER_URI");
                }
                if (!(metadata.get("jwks_uri") instanceof String jwks) || jwks.isBlank()) {
                    throw new IllegalStateException("the discovery document at " + document + " has no jwks_uri");
                }
                return jwks;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * Where an issuer's metadata may be, in the order Spring Security tries them: OpenID Connect Discovery's (the
     * well-known path appended to the issuer's), the same inserted before the issuer's path, and RFC 8414's
     * ({@code /.well-known/oauth-authorization-server} inserted before the issuer's path).
     */
    static List<URI> discoveryDocuments(String issuerUri) {
        URI issuer = URI.create(issuerUri);
        String path = issuer.getPath() == null || issuer.getPath().equals("/") ? "" : issuer.getPath().replaceAll("/$", "");
        String origin = issuer.getScheme() + "://" + issuer.getRawAuthority();
        List<URI> documents = new ArrayList<>();
        documents.add(URI.create(origin + path + "/.well-known/openid-configuration"));
        if (!path.isEmpty()) {
            documents.add(URI.create(origin + "/.well-known/openid-configuration" + path));
        }
        documents.add(URI.create(origin + "/.well-known/oauth-authorization-server" + path));
        return documents;
    }

    private static SimpleClientHttpRequestFactory timeouts() {
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(Duration.ofSeconds(2));
        factory.setReadTimeout(Duration.ofSeconds(2));
        return factory;
    }

    private static void refreshed(Event<CachingJWKSetSource<SecurityContext>, SecurityContext> event, SecurityEvents events) {
        if (event instanceof CachingJWKSetSource.RefreshCompletedEvent<SecurityContext> done) {
            events.keySetRefreshed("success", "fetched", done.getJWKSet().getKeys().size());
        } else if (event instanceof CachingJWKSetSource.UnableToRefreshEvent<SecurityContext>
                || event instanceof CachingJWKSetSource.RefreshTimedOutEvent<SecurityContext>) {
            events.keySetRefreshed("failure", "the JWK set could not be fetched", null);
        }
    }

    /** Both sets of keys: a token is checked against the keys of its algorithm in either. */
    public TokenKeys and(TokenKeys other) {
        JWKSource<SecurityContext> first = source;
        JWKSource<SecurityContext> second = other.source;
        Set<JWSAlgorithm> both = new HashSet<>(algorithms);
        both.addAll(other.algorithms);
        return new TokenKeys((selector, context) -> {
            List<JWK> keys = new ArrayList<>(first.get(selector, context));
            keys.addAll(second.get(selector, context));
            return keys;
        }, Set.copyOf(both), rememberAtMost.compareTo(other.rememberAtMost) <= 0 ? rememberAtMost : other.rememberAtMost);
    }
}
