package io.ledger.api.audit;

import io.ledger.api.bootstrap.Development;
import io.ledger.api.bootstrap.ServiceSettings;
import io.ledger.api.config.FlowSettings;
import io.ledger.messages.audit.IntegrityQuery;
import io.ledger.messages.audit.IntegrityReport;
import io.ledger.query.audit.AuditCheckpoints;
import io.ledger.query.audit.CommandLineage;
import io.ledger.query.support.UnitOfWorkBatch;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** The audit trail's key, command lineage, periodic checkpoints and the scheduled integrity check. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class AuditConfig {

    private static final String LINEAGE_RESOURCE = "ledger.audit.succeededCommands";

    private static final Logger log = LoggerFactory.getLogger(AuditConfig.class);

    @Bean
    public AuditSigningKey auditSigningKey(FlowSettings.Audit settings, ServiceSettings service) {
        if (settings.signingKey() != null) {
            return AuditSigningKey.load(Path.of(settings.signingKey()), false);
        }
        if (!service.development()) {
            throw Development.refusal("LEDGER_AUDIT_SIGNING_KEY is not set");
        }
        Path developmentKey = service.home().resolve("audit-signing-key.pem");
        log.warn("No LEDGER_AUDIT_SIGNING_KEY set: signing audit checkpoints with the development key in {}",
                developmentKey.toAbsolutePath());
        return AuditSigningKey.load(developmentKey, true);
    }

    /** Signs checkpoints over the audit log, every {@code ledger.audit.checkpoint-interval} records. */
    @Bean
    public AuditCheckpoints auditCheckpoints(JdbcTemplate jdbc, AuditSigningKey key, TransactionTemplate transactions,
                                             FlowSettings.Audit settings) {
        return new AuditCheckpoints(jdbc, key, transactions, settings.checkpointInterval());
    }

    /** Records every command that commits, with its lineage, in the same transaction as its events. */
    @Bean
    public Object commandLineageInterceptor(CommandBus commandBus, CommandLineage lineage) {
        MessageHandlerInterceptor<CommandMessage<?>> interceptor = (unitOfWork, chain) -> {
            CommandMessage<?> command = unitOfWork.getMessage();
            Instant startedAt = Instant.now();
            Object result = chain.proceed();
            // A command that succeeded is written with the outermost unit of work's transaction, so it
            // stands or falls with what it caused; a saga batch writes all of its commands in one go.
            UnitOfWorkBatch.add(unitOfWork, LINEAGE_RESOURCE, new CommandLineage.Succeeded(command, startedAt),
                    lineage::recordAll);
            return result;
        };
        return commandBus.registerHandlerInterceptor(interceptor);
    }

    @Bean
    public AuditSchedule auditSchedule(AuditCheckpoints checkpoints, QueryGateway queries, MeterRegistry meters) {
        return new AuditSchedule(checkpoints, queries, meters);
    }

    /** Signs a checkpoint at least every minute while events flow, and checks the books on a schedule. */
    public static class AuditSchedule {

        private final AuditCheckpoints checkpoints;
        private final QueryGateway queries;
        private final AtomicReference<IntegrityReport> last = new AtomicReference<>();

        AuditSchedule(AuditCheckpoints checkpoints, QueryGateway queries, MeterRegistry meters) {
            this.checkpoints = checkpoints;
            this.queries = queries;
            Gauge.builder("ledger.integrity.ok", last, r -> r.get() == null ? Double.NaN : r.get().ok() ? 1 : 0)
                    .description("1 when the last integrity check found the books balanced and the read model true")
                    .register(meters);
            Gauge.builder("ledger.integrity.last.check", last,
                            r -> r.get() == null ? Double.NaN : r.get().checkedAt().getEpochSecond())
                    .description("epoch seconds of the last integrity check").register(meters);
        }

        @Scheduled(fixedDelayString = "${ledger.audit.checkpoint-every}",
                initialDelayString = "${ledger.audit.checkpoint-every}")
        public void checkpoint() {
            checkpoints.checkpointAll();
        }

        @Scheduled(fixedDelayString = "${ledger.audit.integrity-every}",
                initialDelayString = "${ledger.audit.integrity-every}")
        public IntegrityReport checkIntegrity() {
            IntegrityReport report = queries.query(IntegrityQuery.incremental(), ResponseTypes.instanceOf(IntegrityReport.class)).join();
            last.set(report);
            if (!report.ok()) {
                log.error("Integrity check FAILED: books {} mismatching accounts {}", report.currencies(),
                        report.mismatches());
            }
            return report;
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        log.info("Audit trail active: checkpoints signed with Ed25519");
    }
}
