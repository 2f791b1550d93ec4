package io.ledger.api.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import io.ledger.command.account.AccountModule;
import io.ledger.command.payment.PaymentModule;
import io.ledger.command.payment.SettlementSettings;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Wires the command side into Axon: aggregates, saga, serializer, transactions and durable deadlines. */
@Configuration(proxyBeanMethods = false)
public class AxonConfig {

    /**
     * The Jackson 2 mapper Axon serializes messages, sagas and tokens with. Spring Boot 4's own mapper
     * is Jackson 3 and is not Axon's, so this one is explicit: ISO-8601 instants, private fields
     * (sagas keep their state there), transient fields skipped (injected resources), and tolerant
     * of fields added later, because stored events are read for as long as the ledger lives.
     */
    @Bean("defaultAxonObjectMapper")
    @Primary
    public ObjectMapper axonObjectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(MapperFeature.PROPAGATE_TRANSIENT_MARKER)
                .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .build();
    }

    /** Recently used accounts stay in memory; entries go when memory is short (weak references). */
    @Bean
    public Cache accountCache() {
        return new WeakReferenceCache();
    }

    @Bean
    public ConfigurerModule ledgerCommandSide(Cache accountCache,
                                              @Value("${ledger.accounts.snapshot-every:250}") int snapshotEvery) {
        return configurer -> {
            AccountModule.configure(configurer, snapshotEvery, accountCache);
            PaymentModule.configure(configurer);
            // A failing handler must stop and retry its processor, never skip an event silently:
            // skipping one would leave a saga stuck or a balance wrong.
            configurer.eventProcessing()
                    .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
        };
    }

    @Bean
    public SavepointPerProjectionHandler savepointPerProjectionHandler(DataSource dataSource) {
        return new SavepointPerProjectionHandler(dataSource);
    }

    @Bean
    public CorrelationDataProvider lineageCorrelationProvider() {
        return new LineageCorrelationProvider();
    }

    @Bean
    @Primary
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new JoiningTransactionManager(new SpringTransactionManager(transactionManager));
    }

    @Bean
    public SettlementSettings settlementSettings(
            @Value("${ledger.payments.settlement-timeout:PT30S}") Duration settlementTimeout) {
        return new SettlementSettings(settlementTimeout);
    }

    /** Filled once the deadline manager exists; the scheduler's task needs it and it needs the scheduler. */
    @Bean
    public AtomicReference<DbSchedulerDeadlineManager> deadlineManagerHolder() {
        return new AtomicReference<>();
    }

    @Bean
    public Task<DbSchedulerBinaryDeadlineDetails> deadlineTask(
            AtomicReference<DbSchedulerDeadlineManager> deadlineManagerHolder) {
        return DbSchedulerDeadlineManager.binaryTask(deadlineManagerHolder::get);
    }

    /**
     * Deadlines live in the database (table scheduled_tasks), so a payment's settlement deadline
     * survives a restart. The data source is transaction-aware: a deadline scheduled by the saga
     * commits or rolls back with the saga's own step.
     */
    @Bean
    public Scheduler deadlineScheduler(DataSource dataSource, Task<DbSchedulerBinaryDeadlineDetails> deadlineTask,
                                       @Value("${ledger.deadlines.polling-interval:PT0.5S}") Duration pollingInterval) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), deadlineTask)
                .threads(2)
                .pollingInterval(pollingInterval)
                .build();
    }

    @Bean
    public DeadlineManager deadlineManager(Scheduler deadlineScheduler,
                                           @Lazy org.axonframework.config.Configuration axonConfiguration,
                                           @Qualifier("serializer") Serializer serializer,
                                           TransactionManager transactionManager,
                                           AtomicReference<DbSchedulerDeadlineManager> deadlineManagerHolder) {
        DbSchedulerDeadlineManager manager = DbSchedulerDeadlineManager.builder()
                .scheduler(deadlineScheduler)
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(axonConfiguration))
                .serializer(serializer)
                .transactionManager(transactionManager)
                .startScheduler(true)
                .stopScheduler(true)
                .build();
        deadlineManagerHolder.set(manager);
        return manager;
    }
}
