package io.ledger.api.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider;
import io.ledger.command.account.AccountModule;
import io.ledger.command.payment.PaymentModule;
import io.ledger.command.payment.SettlementSettings;
import io.ledger.command.payout.PayoutModule;
import io.ledger.command.payout.PayoutSettings;
import io.ledger.messages.risk.RiskDecidedEvent;
import io.ledger.query.balance.AccountProjection;
import io.ledger.query.balance.BalanceProgress;
import io.ledger.query.payment.PaymentProjection;
import io.ledger.query.support.ProcessorTokens;
import io.ledger.query.support.ReadModelWrites;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.JCacheAdapter;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLErrorCodesResolver;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.serialization.Serializer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/** Wires the command side into Axon: aggregates, saga, serializer and transactions. */
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
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(MapperFeature.PROPAGATE_TRANSIENT_MARKER)
                .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .build();
    }

    /**
     * Recently used aggregates stay in memory, up to a bound, least recently used out first. Weak
     * references (Axon's default cache) were cleared by nearly every young collection under load, so
     * most commands replayed their aggregate from the store (docs/performance.md).
     */
    static Cache boundedCache(String name, long maximumSize) {
        CaffeineConfiguration<Object, Object> configuration = new CaffeineConfiguration<>();
        configuration.setMaximumSize(OptionalLong.of(maximumSize));
        configuration.setStoreByValue(false);
        CacheManager manager = Caching.getCachingProvider(CaffeineCachingProvider.class.getName()).getCacheManager();
        javax.cache.Cache<Object, Object> existing = manager.getCache(name);
        if (existing != null) {
            // One JVM can hold several application contexts (tests); each gets a fresh cache.
            manager.destroyCache(name);
        }
        return new JCacheAdapter(manager.createCache(name, configuration));
    }

    @Bean
    public Cache accountCache(FlowSettings.Cache sizes) {
        return boundedCache("ledger-accounts-" + System.identityHashCode(this), sizes.accounts());
    }

    @Bean
    public Cache paymentCache(FlowSettings.Cache sizes) {
        return boundedCache("ledger-payments-" + System.identityHashCode(this), sizes.payments());
    }

    @Bean
    public ConfigurerModule ledgerCommandSide(@Qualifier("accountCache") Cache accountCache,
                                              @Qualifier("paymentCache") Cache paymentCache,
                                              FlowSettings.Accounts accounts) {
        return configurer -> {
            AccountModule.configure(configurer, accounts.snapshotEvery(), accountCache);
            PaymentModule.configure(configurer, paymentCache);
            // Its saga is stored in Axon's saga store, the database's (JPA, saga_entry): it waits for the bank.
            PayoutModule.configure(configurer);
            // A failing handler must stop and retry its processor, never skip an event silently:
            // skipping one would leave a saga stuck or a balance wrong.
            configurer.eventProcessing()
                    .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
        };
    }

    /**
     * Events are stored with plain JDBC rather than JPA, in the same tables: one batched insert per
     * unit of work with the global index from the column's sequence default, no persistence context
     * to flush and dirty-check (which grew with every event of a processor batch) and no round trip
     * per event for the next id. ADR 0008; docs/performance.md has what it bought.
     */
    @Bean
    public EventStorageEngine eventStorageEngine(DataSource dataSource, TransactionManager axonTransactionManager,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 @Qualifier("serializer") Serializer snapshotSerializer)
            throws SQLException {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(new TransactionConnections(dataSource)))
                // Reads outside a transaction (the shared reader's fetches) in autocommit: AutocommitReads.
                .transactionManager(new AutocommitReads(axonTransactionManager))
                .persistenceExceptionResolver(new SQLErrorCodesResolver(dataSource))
                .eventSerializer(eventSerializer)
                .snapshotSerializer(snapshotSerializer)
                .dataType(byte[].class)
                // Events per query when replaying an aggregate or feeding a processor; with Axon's
                // default of 100, replaying a long account took one round trip per 100 events.
                .batchSize(1000)
                .schema(EventSchema.builder()
                        .eventTable("domain_event_entry")
                        .snapshotTable("snapshot_event_entry")
                        .globalIndexColumn("global_index")
                        .timestampColumn("time_stamp")
                        .eventIdentifierColumn("event_identifier")
                        .aggregateIdentifierColumn("aggregate_identifier")
                        .sequenceNumberColumn("sequence_number")
                        .typeColumn("type")
                        .payloadTypeColumn("payload_type")
                        .payloadRevisionColumn("payload_revision")
                        .payloadColumn("payload")
                        .metaDataColumn("meta_data")
                        .build())
                .build();
    }

    /**
     * Processor tokens through JDBC on the same {@code token_entry} table and serialized form that Axon's
     * JPA token store used. Every processor stores its token once per batch; through JPA that opened a
     * Hibernate persistence context, merged the entity and flushed it, about 4 % of the service's CPU in
     * the benchmark profile, for one UPDATE.
     */
    @Bean
    public TokenStore tokenStore(DataSource dataSource, @Qualifier("serializer") Serializer serializer) {
        return JdbcTokenStore.builder()
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(new TransactionConnections(dataSource)))
                .serializer(serializer)
                .contentType(byte[].class)
                .schema(TokenSchema.builder()
                        .setTokenTable("token_entry")
                        .setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment")
                        .setTokenColumn("token")
                        .setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp")
                        .setOwnerColumn("owner")
                        .build())
                .build();
    }

    /**
     * Requests waiting for the balances (a waited payment answer) wake when a batch of the balances
     * processor commits on this instance, instead of each polling the tokens, and read the segments this instance
     * holds from the processor's status in memory, which moves on past other segments' events at once where the
     * stored token waits up to a second (BalanceProgress).
     */
    @Bean
    public ConfigurerModule balancesProgressSignal(BalanceProgress progress) {
        return configurer -> {
            configurer.eventProcessing().registerHandlerInterceptor(
                    AccountProjection.PROCESSING_GROUP, c -> (unitOfWork, chain) -> {
                        progress.signalAfterCommit(unitOfWork);
                        return chain.proceed();
                    });
            configurer.onInitialize(axon -> progress.readLocalProgressFrom(() -> axon.eventProcessingConfiguration()
                    .eventProcessor(AccountProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                    .map(ProcessorTokens::heldHere).orElse(Map.of())));
        };
    }

    /**
     * The payments' read model takes a risk decision (an event of the debtor account) in the segment of the payment
     * or payout it decides, not of the account: it then lands in order before the rejection or hold it causes, so a
     * payment read as REJECTED or IN_REVIEW shows its risk. Sequenced by the account, it could land in the other
     * segment after the status, and a waited answer, or a read right after one, showed no risk. Every other event is
     * sequenced by its aggregate, as Axon's default.
     */
    @Bean
    public ConfigurerModule riskDecisionsWithTheirPayment() {
        SequentialPerAggregatePolicy byAggregate = SequentialPerAggregatePolicy.instance();
        return configurer -> configurer.eventProcessing().registerSequencingPolicy(PaymentProjection.PROCESSING_GROUP,
                c -> event -> event.getPayload() instanceof RiskDecidedEvent decided ? decided.paymentId()
                        : byAggregate.getSequenceIdentifierFor(event));
    }

    /**
     * Axon's default query bus wraps every query in a transaction: a JPA entity manager, a connection
     * and a COMMIT round trip for what is one SELECT at READ COMMITTED (a snapshot per statement, so
     * the transaction bought no consistency). Queries here run without one; the one query handler that
     * writes (signing a checkpoint before an export) opens its own (AuditCheckpoints). A waited payment
     * answer makes several queries, so this was a cost per payment (docs/performance.md).
     */
    @Bean
    public SimpleQueryBus queryBus(org.axonframework.config.Configuration axon) {
        return SimpleQueryBus.builder()
                .messageMonitor(axon.messageMonitor(QueryBus.class, "queryBus"))
                .errorHandler(axon.getComponent(QueryInvocationErrorHandler.class,
                        () -> LoggingQueryInvocationErrorHandler.builder().build()))
                .queryUpdateEmitter(axon.getComponent(QueryUpdateEmitter.class))
                .spanFactory(axon.getComponent(QueryBusSpanFactory.class))
                .build();
    }

    @Bean
    public SavepointPerProjectionHandler savepointPerProjectionHandler(DataSource dataSource, ReadModelWrites writes) {
        return new SavepointPerProjectionHandler(dataSource, writes);
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

    /** A payment's deadline is checked by its saga against this clock; nothing is scheduled (ADR 0008). */
    @Bean
    public SettlementSettings settlementSettings(FlowSettings.Payments payments) {
        return new SettlementSettings(payments.settlementTimeout());
    }

    /** How long the bank lane has to answer a payout before it turns OVERDUE (ADR 0017). */
    @Bean
    public PayoutSettings payoutSettings(FlowSettings.Payouts payouts) {
        return new PayoutSettings(payouts.answerWithin());
    }
}
