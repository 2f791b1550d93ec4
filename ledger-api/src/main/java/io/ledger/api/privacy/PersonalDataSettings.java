package io.ledger.api.privacy;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;

/**
 * Where the data subjects' keys live (ADR 0021): {@code database} (the default, the table
 * {@code data_subject_key}) or {@code vault}, a HashiCorp Vault KV version 2 mount, read with a token.
 *
 * @param keys       LEDGER_PERSONAL_DATA_KEYS: database or vault
 * @param vault      the vault's address (LEDGER_VAULT_ADDR), token (LEDGER_VAULT_TOKEN), KV v2 mount
 *                   (LEDGER_VAULT_KV_MOUNT, default {@code secret}) and path under it (LEDGER_VAULT_PATH, default
 *                   {@code ledger/data-subjects})
 */
@ConfigurationProperties("ledger.personal-data")
public record PersonalDataSettings(String keys, Vault vault) {

    public record Vault(URI address, String token, String mount, String path) {

        @Override
        public String toString() {
            return "Vault[" + address + ", mount " + mount + ", path " + path + ", token redacted]";
        }
    }

    public PersonalDataSettings {
        keys = keys == null || keys.isBlank() ? "database" : keys;
        if (!keys.equals("database") && !keys.equals("vault")) {
            throw new IllegalArgumentException("LEDGER_PERSONAL_DATA_KEYS must be database or vault, not " + keys);
        }
    }

    boolean inVault() {
        return keys.equals("vault");
    }
}
