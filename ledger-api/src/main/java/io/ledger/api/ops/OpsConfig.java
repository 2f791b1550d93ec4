package io.ledger.api.ops;

import io.ledger.command.payment.PaymentModule;
import io.ledger.command.payout.PayoutModule;
import io.ledger.messages.account.CreditRefusedEvent;
import io.ledger.messages.account.DebitRefusedEvent;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payment.PaymentExpiredEvent;
import io.ledger.messages.payment.PaymentRejectedEvent;
import io.ledger.messages.payment.PaymentReversedEvent;
import io.ledger.messages.payment.PaymentSettledEvent;
import io.ledger.messages.payment.PaymentStatus;
import io.ledger.messages.payment.PaymentVoidedEvent;
import io.ledger.messages.payout.PayoutInstructedEvent;
import io.ledger.messages.payout.PayoutOverdueEvent;
import io.ledger.messages.payout.PayoutRefusedEvent;
import io.ledger.messages.payout.PayoutRejectedEvent;
import io.ledger.messages.payout.PayoutReturnedEvent;
import io.ledger.messages.payout.PayoutSettledEvent;
import io.ledger.messages.payout.PayoutStatus;
import io.ledger.query.audit.AuditProjection;
import io.ledger.query.balance.AccountProjection;
import io.ledger.query.payment.PaymentProjection;
import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** What an operator sees: processor health and lag, command timings, payment outcomes, dead letters. */
@Configuration(proxyBeanMethods = false)
public class OpsConfig {

    private static final Logger log = LoggerFactory.getLogger(OpsConfig.class);

    /**
     * DOWN when a processor is in error or stopped; lagging processors are reported (and UP) until
     * they pass the threshold, which turns the health OUT_OF_SERVICE so traffic can be steered away.
     */
    @Bean
    public HealthIndicator eventProcessors(ProcessorStatus processors,
                                           io.ledger.api.config.FlowSettings.Ops settings) {
        long maxLag = settings.maxLag();
        return () -> {
            Map<String, ProcessorStatus.Status> all = processors.all();
            boolean down = all.values().stream().anyMatch(s -> s.error() || !s.running());
            boolean lagging = all.values().stream().anyMatch(s -> s.lag() > maxLag);
            Health.Builder health = down ? Health.down() : lagging ? Health.outOfService() : Health.up();
            all.forEach((name, status) -> health.withDetail(name, Map.of("running", status.running(),
                    "error", status.error(), "position", status.position(), "lag", status.lag())));
            return health.build();
        };
    }

    @Bean
    public List<Meter> processorMeters(ProcessorStatus processors, MeterRegistry meters, JdbcTemplate jdbc) {
        List<Meter> registered = new ArrayList<>();
        for (String name : new String[] {PaymentModule.SAGA_PROCESSING_GROUP, PayoutModule.SAGA_PROCESSING_GROUP,
                AccountProjection.PROCESSING_GROUP, PaymentProjection.PROCESSING_GROUP, AuditProjection.PROCESSING_GROUP}) {
            registered.add(Gauge.builder("ledger.processor.lag", processors,
                            p -> p.one(name).map(ProcessorStatus.Status::lag).orElse(0L))
                    .tag("processor", name).description("events between the processor and the head of the event store")
                    .baseUnit("events").register(meters));
        }
        registered.add(Gauge.builder("ledger.dead.letters", jdbc,
                        j -> j.queryForObject("select count(*) from dead_letter_entry", Long.class))
                .description("events parked in dead-letter queues").register(meters));
        registered.add(Gauge.builder("ledger.payments.pending", jdbc,
                        j -> j.queryForObject("select count(*) from payment_view where status = 'PENDING'", Long.class))
                .description("payments not yet terminal").register(meters));
        registered.add(Gauge.builder("ledger.payouts.overdue", jdbc,
                        j -> j.queryForObject("select count(*) from payout_view where status = 'OVERDUE'", Long.class))
                .description("payouts the bank has not answered in time, their funds still held").register(meters));
        // The review queue (ADR 0026, 0033): how many payments and payouts wait, and how long the oldest has waited.
        registered.add(Gauge.builder("ledger.reviews.waiting", jdbc,
                        j -> j.queryForObject("""
                                select (select count(*) from payment_view where status = 'IN_REVIEW')
                                     + (select count(*) from payout_view where status = 'IN_REVIEW')""", Long.class))
                .description("payments and payouts held for a risk review").register(meters));
        registered.add(Gauge.builder("ledger.reviews.oldest.age", jdbc,
                        j -> j.queryForObject("""
                                select coalesce(extract(epoch from now() - min(since)), 0)
                                  from (select min(updated_at) as since from payment_view where status = 'IN_REVIEW'
                                        union all
                                        select min(updated_at) from payout_view where status = 'IN_REVIEW') waiting""",
                                Double.class))
                .description("how long the oldest payment or payout in review has waited").baseUnit("seconds")
                .register(meters));
        // Reconciliation (ADR 0028): what the back office has to work, and statements not yet reconciled.
        registered.add(Gauge.builder("ledger.reconciliation.exceptions.open", jdbc,
                        j -> j.queryForObject("select count(*) from reconciliation_exception where status <> 'RESOLVED'",
                                Long.class))
                .description("reconciliation exceptions open or waiting for a second approval").register(meters));
        registered.add(Gauge.builder("ledger.reconciliation.statements.reconciling", jdbc,
                        j -> j.queryForObject("select count(*) from bank_statement where status = 'RECONCILING'", Long.class))
                .description("bank statements whose reconciliation has not ended").register(meters));
        return registered;
    }

    /**
     * Times every command by type. The meters are looked up once per command type and outcome, not built and
     * registered again for each command (five per payment).
     */
    @Bean
    public Object commandTimer(CommandBus commandBus, MeterRegistry meters) {
        Map<String, Timer> timers = new ConcurrentHashMap<>();
        MessageHandlerInterceptor<CommandMessage<?>> timing = (unitOfWork, chain) -> {
            String type = unitOfWork.getMessage().getPayloadType().getSimpleName();
            long start = System.nanoTime();
            String outcome = "success";
            try {
                return chain.proceed();
            } catch (Exception e) {
                outcome = "failure";
                throw e;
            } finally {
                String tag = outcome;
                timers.computeIfAbsent(type + '/' + outcome, key -> Timer.builder("ledger.command.handling")
                                .tag("command", type).tag("outcome", tag).register(meters))
                        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        };
        return commandBus.registerHandlerInterceptor(timing);
    }

    /**
     * Counts payments reaching a status that ends them, from the events that say so, once they are committed:
     * whatever caused them (a saga step, a capture, an authorization's expiry deadline), and never for a
     * command that only answered a replay.
     */
    @Bean
    public Object terminalPaymentCounter(EventBus eventBus, MeterRegistry meters) {
        Map<PaymentStatus, Counter> counters = new EnumMap<>(PaymentStatus.class);
        for (PaymentStatus status : PaymentStatus.values()) {
            if (status.isTerminal()) {
                counters.put(status, Counter.builder("ledger.payments.terminal").tag("status", status.name())
                        .description("payments that reached a status ending them").register(meters));
            }
        }
        return afterCommitOf(eventBus, payload -> {
            PaymentStatus ended = endedAs(payload);
            return ended == null ? null : counters.get(ended)::increment;
        });
    }

    /**
     * Counts the accounts' refusals by reason, from the committed refusal events: issue 21's decisions
     * (LIMIT_EXCEEDED) beside the funds and status rules, whichever lane sent the payment.
     */
    @Bean
    public Object refusalCounter(EventBus eventBus, MeterRegistry meters) {
        Map<RejectionReason, Counter> counters = new EnumMap<>(RejectionReason.class);
        for (RejectionReason reason : RejectionReason.values()) {
            counters.put(reason, Counter.builder("ledger.postings.refused").tag("reason", reason.name())
                    .description("debits and credits the accounts refused, by reason").register(meters));
        }
        return afterCommitOf(eventBus, payload -> {
            RejectionReason reason = payload instanceof DebitRefusedEvent debit ? debit.reason()
                    : payload instanceof CreditRefusedEvent credit ? credit.reason() : null;
            return reason == null ? null : counters.get(reason)::increment;
        });
    }

    /**
     * Counts payouts reaching each status from their committed events, and tells operators of every payout the
     * bank has not answered in time: it stays held until an answer comes, so someone has to chase the bank.
     * The line names the payout and its deadline only; the beneficiary is personal data and stays out of logs.
     */
    @Bean
    public Object payoutCounter(EventBus eventBus, MeterRegistry meters) {
        Map<PayoutStatus, Counter> counters = new EnumMap<>(PayoutStatus.class);
        for (PayoutStatus status : PayoutStatus.values()) {
            if (status.isResting()) {
                counters.put(status, Counter.builder("ledger.payouts").tag("status", status.name())
                        .description("payouts that reached a status").register(meters));
            }
        }
        return afterCommitOf(eventBus, payload -> {
            PayoutStatus reached = payoutReached(payload);
            if (reached == null) {
                return null;
            }
            Counter counter = counters.get(reached);
            return () -> {
                counter.increment();
                if (payload instanceof PayoutOverdueEvent overdue) {
                    log.warn("payout {} is OVERDUE: the bank lane did not answer in time; its funds stay held "
                            + "until it does", overdue.payoutId());
                }
            };
        });
    }

    /**
     * Runs, once the unit of work that published an event commits, what {@code reaction} answers for its payload
     * (null: nothing): counted from committed events, whatever caused them, and never for a rolled-back attempt.
     */
    private static Object afterCommitOf(EventBus eventBus, Function<Object, Runnable> reaction) {
        MessageDispatchInterceptor<EventMessage<?>> interceptor = messages -> {
            for (EventMessage<?> message : messages) {
                Runnable action = reaction.apply(message.getPayload());
                if (action != null) {
                    CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.afterCommit(committed -> action.run()));
                }
            }
            return (index, message) -> message;
        };
        return eventBus.registerDispatchInterceptor(interceptor);
    }

    static PayoutStatus payoutReached(Object event) {
        if (event instanceof PayoutInstructedEvent) {
            return PayoutStatus.INSTRUCTED;
        } else if (event instanceof PayoutOverdueEvent) {
            return PayoutStatus.OVERDUE;
        } else if (event instanceof PayoutSettledEvent) {
            return PayoutStatus.SETTLED;
        } else if (event instanceof PayoutRejectedEvent || event instanceof PayoutRefusedEvent) {
            return PayoutStatus.REJECTED;
        } else if (event instanceof PayoutReturnedEvent) {
            return PayoutStatus.RETURNED;
        }
        return null;
    }

    static PaymentStatus endedAs(Object event) {
        if (event instanceof PaymentSettledEvent) {
            return PaymentStatus.SETTLED;
        } else if (event instanceof PaymentRejectedEvent) {
            return PaymentStatus.REJECTED;
        } else if (event instanceof PaymentExpiredEvent) {
            return PaymentStatus.EXPIRED;
        } else if (event instanceof PaymentVoidedEvent) {
            return PaymentStatus.VOIDED;
        } else if (event instanceof PaymentReversedEvent) {
            return PaymentStatus.REVERSED;
        }
        return null;
    }

    /** Every log line an event handler writes carries the correlation id of the request behind the event. */
    @Bean
    public ConfigurerModule correlationIdInLogs() {
        return configurer -> configurer.eventProcessing().registerDefaultHandlerInterceptor((config, name) ->
                (unitOfWork, chain) -> {
                    Object correlationId = unitOfWork.getMessage().getMetaData().get("correlationId");
                    String previous = MDC.get("correlationId");
                    if (correlationId != null) {
                        MDC.put("correlationId", correlationId.toString());
                    }
                    try {
                        return chain.proceed();
                    } finally {
                        if (previous == null) {
                            MDC.remove("correlationId");
                        } else {
                            MDC.put("correlationId", previous);
                        }
                    }
                });
    }
}
