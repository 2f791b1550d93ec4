package io.ledger.api.reconcile;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import io.ledger.api.dispatch.CommandDispatch;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Reconciliation against the bank (issue 22, ADR 0028): its store, the statement import, the reconciliation task (on
 * the db-scheduler that runs the deadlines and the batches) and the exceptions.
 */
@Configuration(proxyBeanMethods = false)
public class ReconciliationConfig {

    @Bean
    public Statements statements(JdbcTemplate jdbc, PlatformTransactionManager transactions, EventBus events,
                                 ObjectProvider<Scheduler> scheduler) {
        return new Statements(jdbc, transactions, events, scheduler::getObject);
    }

    @Bean
    public StatementImport statementImport(Statements statements) {
        return new StatementImport(statements);
    }

    @Bean
    public Reconciler reconciler(Statements statements, CommandDispatch dispatch, QueryGateway queries,
                                 JdbcTemplate jdbc) {
        return new Reconciler(statements, dispatch, queries, jdbc);
    }

    @Bean
    public Task<String> reconcileStatementTask(Reconciler reconciler) {
        return reconciler.task();
    }

    @Bean
    public Exceptions reconciliationExceptions(JdbcTemplate jdbc, PlatformTransactionManager transactions,
                                               EventBus events, Statements statements, CommandDispatch dispatch) {
        return new Exceptions(jdbc, transactions, events, statements, dispatch);
    }
}
