package io.ledger.api.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A request authenticated by a bearer token: the {@link Caller} it names, and its scopes as Spring
 * Security authorities ({@code SCOPE_wallet}), parsed exactly as {@link Scope#parse} does (Spring's
 * default converter splits on any white space, which would read {@code "wallet\tadmin"} as two scopes).
 * A console session holds one without a token ({@link #signedIn}).
 */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;
    private final Jwt jwt;

    private CallerAuthentication(Caller caller, Jwt jwt) {
        super(caller.scopes().stream().map(scope -> new SimpleGrantedAuthority(scope.authority())).toList());
        this.caller = caller;
        this.jwt = jwt;
        setAuthenticated(true);
    }

    /** A console user signed in (by OpenID Connect, or as a development user): no bearer token, a session. */
    public static CallerAuthentication signedIn(Caller caller) {
        return new CallerAuthentication(caller, null);
    }

    static CallerAuthentication of(Jwt jwt) {
        Object scope = jwt.getClaims().get("scope");
        return new CallerAuthentication(new Caller(jwt.getSubject(), Scope.parse(scope instanceof String s ? s : null)), jwt);
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public Jwt getCredentials() {
        return jwt;
    }

    @Override
    public String getName() {
        return caller.subject();
    }
}
