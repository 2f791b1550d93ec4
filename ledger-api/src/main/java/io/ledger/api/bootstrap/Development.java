package io.ledger.api.bootstrap;

import java.util.Arrays;
import java.util.Map;

/**
 * Whether this run is development, where the service may fall back to an embedded database, a development
 * token secret and a development audit-signing key. It is when the {@code dev} profile is active (the README's
 * run command) or LEDGER_DEVELOPMENT is true; anything else is production and fails closed: it refuses to start
 * rather than run on a fallback (issue 19).
 */
public final class Development {

    /** The property Spring reads; application-dev.yml turns it on. */
    public static final String PROPERTY = "ledger.development";

    private Development() {
    }

    /** Decided before Spring starts, from the command line, the system properties and the environment. */
    public static boolean isOn(String[] args, Map<String, String> env) {
        if ("true".equalsIgnoreCase(env.get("LEDGER_DEVELOPMENT"))
                || "true".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return true;
        }
        String profiles = Arrays.stream(args).filter(arg -> arg.startsWith("--spring.profiles.active="))
                .map(arg -> arg.substring("--spring.profiles.active=".length()))
                .reduce((first, last) -> last)
                .orElse(System.getProperty("spring.profiles.active", env.getOrDefault("SPRING_PROFILES_ACTIVE", "")));
        return Arrays.stream(profiles.split(",")).map(String::trim).anyMatch("dev"::equals);
    }

    /** The refusal a production start gives for a missing setting. */
    public static IllegalStateException refusal(String missing) {
        return new IllegalStateException("Refusing to start outside development: " + missing + ". The fallbacks "
                + "are for development only (the dev profile, as the README's run command uses, or LEDGER_DEVELOPMENT=true).");
    }
}
