package io.ledger.api.security;

import org.springframework.security.core.context.SecurityContextHolder;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The authenticated principal of one request: the token's subject and the scopes it was granted. Which calls
 * its scopes let in is {@link Entitlements}; what it may then touch, the call's own rule.
 */
public record Caller(String subject, Set<Scope> scopes) implements Serializable {

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    public boolean hasAny(Scope... wanted) {
        return Arrays.stream(wanted).anyMatch(scopes::contains);
    }

    /** The caller of the request being served, if a token or a console sign-in authenticated it. */
    public static Caller current() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication authenticated
                ? authenticated.getPrincipal() : null;
    }

    /** The scope claim as it travels in event metadata. */
    public String scopeClaim() {
        return scopes.stream().map(Scope::claimValue).sorted().collect(Collectors.joining(" "));
    }
}
