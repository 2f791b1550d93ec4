package io.ledger.command.payout;

import io.ledger.command.account.AccountLocks;
import io.ledger.command.support.CachedCommandTargetResolver;
import io.ledger.messages.payout.PayoutBankResultReportedEvent;
import io.ledger.messages.payout.PayoutInitiatedEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configurer;

import java.util.List;

/**
 * Registers the payout aggregate and its saga. The saga keeps state between events for as long as the bank
 * takes, so it is stored in the configuration's saga store: the database's, under Spring (ADR 0017).
 */
public final class PayoutModule {

    /** The processing group (and so the event processor) that runs the payout saga. */
    public static final String SAGA_PROCESSING_GROUP = "PayoutSagaProcessor";

    private PayoutModule() {
    }

    /** The accounts a payout saga's step locks: the debtor's and the clearing account, whichever segment has it. */
    private static List<String> accountsOf(EventMessage<?> message, Segment segment) {
        Object payload = message.getPayload();
        if (payload instanceof PayoutInitiatedEvent e) {
            return List.of(e.debtorAccountId(), e.clearingAccountId());
        }
        return payload instanceof PayoutBankResultReportedEvent e ? List.of(e.debtorAccountId(), e.clearingAccountId())
                : List.of();
    }

    public static void configure(Configurer configurer) {
        configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(Payout.class)
                .configureCommandTargetResolver(c -> new CachedCommandTargetResolver()));
        configurer.eventProcessing().registerSaga(PayoutSaga.class);
        configurer.eventProcessing().registerHandlerInterceptor(SAGA_PROCESSING_GROUP, c -> new AccountLocks(c,
                SAGA_PROCESSING_GROUP, PayoutModule::accountsOf));
    }
}
