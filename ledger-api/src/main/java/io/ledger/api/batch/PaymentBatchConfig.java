package io.ledger.api.batch;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import io.ledger.api.dispatch.CommandDispatch;
import io.ledger.api.ops.SettlementBacklog;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;


/**
 * Payment batches (issue 20): their store and their dispatch, a task of the same db-scheduler that runs the
 * deadlines (ADR 0016): durable, picked by one instance, picked again when that instance dies.
 */
@Configuration(proxyBeanMethods = false)
public class PaymentBatchConfig {

    /** The scheduler is asked for when a batch is submitted: it runs this module's task, so it comes after it. */
    @Bean
    public PaymentBatches paymentBatches(JdbcTemplate jdbc, PlatformTransactionManager transactions, EventBus events,
                                         ObjectProvider<Scheduler> scheduler, io.ledger.api.risk.RiskRuleSets risk) {
        return new PaymentBatches(jdbc, transactions, events, scheduler::getObject, risk);
    }

    @Bean
    public PaymentBatchRunner paymentBatchRunner(PaymentBatches batches, CommandDispatch dispatch,
                                                 SettlementBacklog backlog, PlatformTransactionManager transactions,
                                                 TransactionManager axonTransactions) {
        return new PaymentBatchRunner(batches, dispatch, backlog, transactions, axonTransactions);
    }

    @Bean
    public Task<String> paymentBatchTask(PaymentBatchRunner runner) {
        return runner.task();
    }

    /** Atomic batches wait for their items' answers in a stored saga (saga_entry), with the batch's window. */
    @Bean
    public ConfigurerModule atomicBatches(ObjectProvider<PaymentBatches> batches) {
        return configurer -> configurer.eventProcessing().registerSaga(AtomicBatchSaga.class)
                // Only payments of atomic batches reach it: the rest would each cost a saga store query.
                .registerHandlerInterceptor(AtomicBatchSaga.class.getSimpleName() + "Processor",
                        c -> new AtomicBatchEventFilter(batches.getObject()::inAtomicBatches));
    }
}
