package io.ledger.command.account;

import org.axonframework.config.Configurer;

/** Registers the account aggregate with an Axon configuration; the aggregate stays package-private. */
public final class AccountModule {

    private AccountModule() {
    }

    public static void configure(Configurer configurer) {
        configurer.configureAggregate(Account.class);
    }
}
