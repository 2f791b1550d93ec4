package io.ledger.api.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Durable deadlines: an authorization's expiry is a row in {@code scheduled_tasks} (db-scheduler), so it
 * survives restarts and fires on exactly one instance, whichever is alive (ADR 0016, as ADR 0004 had it for
 * the settlement deadline). The scheduler's data source is transaction-aware: a deadline scheduled while a
 * payment is authorized commits or rolls back with that authorization.
 */
@Configuration(proxyBeanMethods = false)
public class DeadlineConfig {

    /** Filled once the deadline manager exists; the scheduler's task needs it and it needs the scheduler. */
    @Bean
    AtomicReference<DbSchedulerDeadlineManager> deadlineManagerHolder() {
        return new AtomicReference<>();
    }

    /**
     * Axon's task, run under the same name with a retry that fits a deadline: a firing that failed (the
     * database restarting, a collision with a capture on another instance) is tried again within seconds,
     * backing off, instead of db-scheduler's default five minutes later.
     */
    @Bean
    Task<DbSchedulerBinaryDeadlineDetails> deadlineTask(AtomicReference<DbSchedulerDeadlineManager> deadlineManagerHolder) {
        Task<DbSchedulerBinaryDeadlineDetails> axon = DbSchedulerDeadlineManager.binaryTask(deadlineManagerHolder::get);
        return Tasks.oneTime(axon.getName(), DbSchedulerBinaryDeadlineDetails.class)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2.0))
                .execute((instance, context) -> axon.execute(instance, context));
    }

    /**
     * The heartbeat is what tells the other instances that a deadline picked by an instance that died (kill -9)
     * must be run again: every 2 s, dead after six missed (12 s), not db-scheduler's default of 30 minutes.
     */
    @Bean
    Scheduler deadlineScheduler(DataSource dataSource,
                                @Qualifier("deadlineTask") Task<DbSchedulerBinaryDeadlineDetails> deadlineTask,
                                @Qualifier("paymentBatchTask") Task<String> paymentBatchTask,
                                @Qualifier("reconcileStatementTask") Task<String> reconcileStatementTask,
                                FlowSettings.Deadlines deadlines) {
        Duration pollingInterval = deadlines.pollingInterval();
        // Deadlines, the dispatch of payment batches (PaymentBatchRunner) and the reconciliation of bank statements
        // (Reconciler): a batch or a statement holds one thread while it runs, so there are threads more than
        // deadlines alone would need.
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource),
                        List.of(deadlineTask, paymentBatchTask, reconcileStatementTask))
                .threads(4)
                .pollingInterval(pollingInterval)
                .heartbeatInterval(Duration.ofSeconds(2))
                .missedHeartbeatsLimit(6)
                .build();
    }

    /** Deadline messages carry the request's principal in their metadata: sealed like an event's (ADR 0021). */
    @Bean
    DeadlineManager deadlineManager(Scheduler deadlineScheduler, @Lazy org.axonframework.config.Configuration axon,
                                    @Qualifier("eventSerializer") Serializer serializer, TransactionManager transactionManager,
                                    AtomicReference<DbSchedulerDeadlineManager> deadlineManagerHolder) {
        DbSchedulerDeadlineManager manager = DbSchedulerDeadlineManager.builder()
                .scheduler(deadlineScheduler)
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(axon))
                .serializer(serializer)
                .transactionManager(transactionManager)
                .startScheduler(true)
                .stopScheduler(true)
                .build();
        deadlineManagerHolder.set(manager);
        return manager;
    }
}
