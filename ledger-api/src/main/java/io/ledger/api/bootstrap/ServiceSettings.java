package io.ledger.api.bootstrap;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * {@code ledger.home} and {@code ledger.development}: where the service keeps its local data (the embedded database,
 * the development secret and audit key), and whether this run is development ({@link Development}). The home's
 * default, {@code .ledger}, is written in application.yml only: other keys there are derived from it.
 *
 * @param home        LEDGER_HOME
 * @param development LEDGER_DEVELOPMENT or the dev profile (default false: production, which fails closed)
 */
@ConfigurationProperties("ledger")
public record ServiceSettings(Path home, boolean development) {
}
