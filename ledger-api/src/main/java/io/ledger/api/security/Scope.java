package io.ledger.api.security;

import java.util.EnumSet;
import java.util.Set;

/** The entitlements a token can carry in its space-separated {@code scope} claim. */
public enum Scope {
    /** Acts for its own subject only: its own WALLET accounts and the payments it is party to. */
    WALLET("wallet"),
    /** Reads everything, freezes and unfreezes accounts, reverses payments. */
    BACKOFFICE("backoffice"),
    /** Opens any account for any owner, closes accounts, pays from SYSTEM accounts. */
    ADMIN("admin"),
    /** Reads the audit trail. */
    COMPLIANCE("compliance"),
    /** Scrapes /actuator/prometheus and nothing else: a metrics collector's token. */
    METRICS("metrics"),
    /** The bank lane's machine client: lists payout instructions and reports the bank's answers, nothing else. */
    BANK("bank");

    private final String claimValue;

    Scope(String claimValue) {
        this.claimValue = claimValue;
    }

    public String claimValue() {
        return claimValue;
    }

    /** The granted authority Spring Security checks for it. */
    public String authority() {
        return "SCOPE_" + claimValue;
    }

    /**
     * Parses a scope claim as OAuth 2.0 defines it (RFC 6749 3.3): scope tokens separated by single
     * spaces, each matched exactly. Nothing is trimmed: {@code "admin\u0000"} or {@code "admin\t"} is
     * not {@code admin}. Unknown scopes are ignored, they grant nothing here.
     */
    public static Set<Scope> parse(String claim) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (claim == null) {
            return scopes;
        }
        for (String part : claim.split(" ")) {
            for (Scope scope : values()) {
                if (scope.claimValue.equals(part)) {
                    scopes.add(scope);
                }
            }
        }
        return scopes;
    }
}
