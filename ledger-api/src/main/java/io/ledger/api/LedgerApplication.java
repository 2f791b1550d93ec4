package io.ledger.api;

import io.ledger.api.bootstrap.DatabaseBootstrap;
import io.ledger.api.bootstrap.Development;
import io.ledger.api.cli.MintToken;
import io.ledger.audit.VerifyExport;
import io.ledger.query.QueryModule;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

import java.util.Arrays;

/**
 * The ledger service. With a first argument of {@code mint-token} it mints a development token, with
 * {@code verify-export} it checks an audit export offline, with {@code rebuild-read-models} it rebuilds
 * the read models from the event store; each exits instead of serving.
 */
@SpringBootApplication
@Import(QueryModule.class)
@ConfigurationPropertiesScan
public class LedgerApplication {

    /** Read by application.yml for the settlement processor's segments and threads; its default is the cores. */
    static final String SETTLEMENT_SEGMENTS = "LEDGER_SETTLEMENT_SEGMENTS";

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("mint-token")) {
            System.exit(MintToken.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("verify-export")) {
            System.exit(VerifyExport.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        // Axon's update checker calls home at start; a payments service does not, and offline it logs stack traces.
        System.setProperty("axoniq.update-checker.disabled",
                System.getProperty("axoniq.update-checker.disabled", "true"));
        System.setProperty("disable-axoniq-console-message", "true");
        if (!Development.isOn(args, System.getenv()) && (System.getenv("LEDGER_DB_URL") == null
                || System.getenv("LEDGER_DB_URL").isBlank())) {
            throw Development.refusal("LEDGER_DB_URL is not set, and an embedded or local database is not a production one");
        }
        DatabaseBootstrap.chooseDatabase(System.getenv());
        if (args.length > 0 && args[0].equals("rebuild-read-models")) {
            SpringApplication rebuild = new SpringApplication(LedgerApplication.class);
            rebuild.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
            rebuild.setDefaultProperties(java.util.Map.of("ledger.rebuild.run", "true",
                    SETTLEMENT_SEGMENTS, Integer.toString(Runtime.getRuntime().availableProcessors())));
            System.exit(SpringApplication.exit(rebuild.run(Arrays.copyOfRange(args, 1, args.length))));
        }
        SpringApplication service = new SpringApplication(LedgerApplication.class);
        // Settlement runs one segment per core unless LEDGER_SETTLEMENT_SEGMENTS says otherwise (ADR 0018).
        service.setDefaultProperties(java.util.Map.of(SETTLEMENT_SEGMENTS,
                Integer.toString(Runtime.getRuntime().availableProcessors())));
        service.run(args);
    }
}
