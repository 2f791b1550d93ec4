package io.ledger.api.security;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The authenticated principal of one request: the token's subject and the scopes it was granted. */
public record Caller(String subject, Set<Scope> scopes) {

    public static final String REQUEST_ATTRIBUTE = Caller.class.getName();

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    public boolean hasAny(Scope... wanted) {
        return Arrays.stream(wanted).anyMatch(scopes::contains);
    }

    /** Refuses with 403 unless the caller holds one of the scopes. */
    public void requireAny(Scope... wanted) {
        if (!hasAny(wanted)) {
            throw new LedgerException(ErrorCode.FORBIDDEN, "this operation needs scope "
                    + Arrays.stream(wanted).map(Scope::claimValue).collect(Collectors.joining(" or ")));
        }
    }

    /** The scope claim as it travels in event metadata. */
    public String scopeClaim() {
        return scopes.stream().map(Scope::claimValue).sorted().collect(Collectors.joining(" "));
    }
}
