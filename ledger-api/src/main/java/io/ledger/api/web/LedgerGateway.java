package io.ledger.api.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ledger.api.dispatch.CommandDispatch;
import io.ledger.api.security.Caller;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.AccountLimitsView;
import io.ledger.messages.account.AccountView;
import io.ledger.messages.account.FindAccountLimitsQuery;
import io.ledger.messages.account.FindOwnerLimitsQuery;
import io.ledger.messages.account.FindOwnerUsageQuery;
import io.ledger.messages.account.OwnerLimitsView;
import io.ledger.messages.account.OwnerUsageView;
import io.ledger.messages.account.BalancesProjectedQuery;
import io.ledger.messages.account.FindAccountQuery;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.MetaDataKeys;
import io.ledger.messages.payment.FindPaymentQuery;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.PaymentReceipt;
import io.ledger.messages.payment.PaymentView;
import io.ledger.messages.payout.FindPayoutQuery;
import io.ledger.messages.payout.InitiatePayoutCommand;
import io.ledger.messages.payout.PayoutReceipt;
import io.ledger.messages.payout.PayoutView;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The only way controllers reach the ledger: commands carry the request's lineage (correlation id,
 * principal, scopes) in their metadata; queries go to the read side.
 */
@Component
class LedgerGateway {

    private static final Duration READ_YOUR_WRITES = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int HOLDERS_REMEMBERED = 100_000;

    private final CommandDispatch commands;
    private final QueryGateway queries;
    private final Cache<String, Holder> holders = Caffeine.newBuilder().maximumSize(HOLDERS_REMEMBERED).build();

    LedgerGateway(CommandDispatch commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    /** Sends a command with the request's lineage (CommandDispatch: retried when it collided). */
    <R> R send(Object command, Caller caller) {
        return commands.send(command, lineage(caller));
    }

    /** Starts a payment, or answers with the one this caller's key already started (CommandDispatch). */
    PaymentReceipt initiate(InitiatePaymentCommand command, Caller caller) {
        return commands.initiate(command, lineage(caller));
    }

    PayoutReceipt initiatePayout(InitiatePayoutCommand command, Caller caller) {
        return commands.initiatePayout(command, lineage(caller));
    }

    /** The request's lineage, as every message it causes carries it: correlation, causation, principal, scopes. */
    MetaData lineage(Caller caller) {
        String correlationId = correlationId();
        return MetaData.from(Map.of(
                MetaDataKeys.CORRELATION_ID, correlationId,
                MetaDataKeys.CAUSATION_ID, "http:" + correlationId,
                MetaDataKeys.PRINCIPAL, caller.subject(),
                MetaDataKeys.SCOPES, caller.scopeClaim()));
    }

    /** Forgets every account holder remembered: an erasure changed who holds some (ADR 0021). */
    void forgetHolders() {
        holders.invalidateAll();
    }

    <Q, R> R query(Q query, Class<R> resultType) {
        try {
            return queries.query(query, ResponseTypes.instanceOf(resultType)).join();
        } catch (CompletionException e) {
            // A refusal from the read side (a cursor it did not issue) keeps its error code.
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof LedgerException refusal) {
                    throw refusal;
                }
            }
            throw e;
        }
    }

    Optional<AccountView> account(String accountId) {
        return Optional.ofNullable(query(new FindAccountQuery(accountId), AccountView.class));
    }

    /**
     * Who holds an account and its type, which never change once it is opened: read once, then answered
     * from memory (an entitlement check on every payment). Accounts not found are not remembered, since
     * they may be opened a moment later.
     */
    Optional<Holder> holder(String accountId) {
        Holder known = holders.getIfPresent(accountId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Holder> found = account(accountId).map(view -> new Holder(view.ownerId(), view.type()));
        found.ifPresent(holder -> holders.put(accountId, holder));
        return found;
    }

    record Holder(String ownerId, AccountType type) {
    }

    Optional<PaymentView> payment(String paymentId) {
        return Optional.ofNullable(query(new FindPaymentQuery(paymentId), PaymentView.class));
    }

    /**
     * Waits (briefly) until the read model shows what a command just did, so a client that opens an
     * account and pays from it at once is not told the account does not exist.
     */
    Optional<AccountView> awaitAccount(String accountId, Predicate<AccountView> condition) {
        return poll(() -> account(accountId), condition, READ_YOUR_WRITES, Duration.ofMillis(10));
    }

    Optional<AccountLimitsView> limits(String accountId) {
        return Optional.ofNullable(query(new FindAccountLimitsQuery(accountId), AccountLimitsView.class));
    }

    /** An owner's limits in a currency (ADR 0034), with what its accounts used; empty when none were ever set. */
    Optional<OwnerLimitsView> ownerLimits(String ownerId, String currency) {
        return Optional.ofNullable(query(new FindOwnerLimitsQuery(ownerId, currency, true), OwnerLimitsView.class));
    }

    /** The owner's limits without what they used (one row): for a key or a version. */
    Optional<OwnerLimitsView> ownerLimitsAlone(String ownerId, String currency) {
        return Optional.ofNullable(query(new FindOwnerLimitsQuery(ownerId, currency, false), OwnerLimitsView.class));
    }

    /** Waits (briefly) until the read model shows the owner's limits in the state a command just left them. */
    Optional<OwnerLimitsView> awaitOwnerLimits(String ownerId, String currency, Predicate<OwnerLimitsView> condition) {
        return poll(() -> ownerLimitsAlone(ownerId, currency), condition, READ_YOUR_WRITES, Duration.ofMillis(10))
                .filter(condition).flatMap(shown -> ownerLimits(ownerId, currency));
    }

    /**
     * The owner's customer accounts in a currency and, when seeding its first limits, what they paid out hour by
     * hour.
     */
    OwnerUsageView ownerUsage(String ownerId, String currency, boolean withHours) {
        return query(new FindOwnerUsageQuery(ownerId, currency, withHours), OwnerUsageView.class);
    }

    /**
     * Waits up to {@code wait} for the payment to satisfy the condition; returns what the read side has
     * then. Updates are pushed by the projection of this instance; with several instances the segment
     * holding the payment may be projected elsewhere, so the read model is also polled. Once the payment
     * satisfies the condition, the remaining wait also lets the balances of its two accounts catch up with it, so a
     * client told SETTLED reads balances and statements that show the payment.
     */
    Optional<PaymentView> awaitPayment(String paymentId, Duration wait, Predicate<PaymentView> condition) {
        if (wait.isZero()) {
            return payment(paymentId);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        Optional<PaymentView> view = awaitPaymentView(paymentId, wait, condition);
        view.filter(condition).ifPresent(reached -> query(new BalancesProjectedQuery(reached.position(),
                Duration.ofNanos(deadline - System.nanoTime()), accountsOf(reached)), Boolean.class));
        return view;
    }

    /** The accounts whose balances a payment moves: the only ones a client told its outcome must see moved. */
    private static Set<String> accountsOf(PaymentView payment) {
        return Stream.of(payment.debtorAccountId(), payment.creditorAccountId()).filter(Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet());
    }

    private Optional<PaymentView> awaitPaymentView(String paymentId, Duration wait, Predicate<PaymentView> condition) {
        try (SubscriptionQueryResult<PaymentView, PaymentView> result = queries.subscriptionQuery(
                new FindPaymentQuery(paymentId), ResponseTypes.instanceOf(PaymentView.class),
                ResponseTypes.instanceOf(PaymentView.class))) {
            Flux<PaymentView> polled = Flux.interval(POLL).map(tick -> payment(paymentId)).flatMap(Mono::justOrEmpty);
            PaymentView reached = Flux.merge(Flux.concat(result.initialResult().flux(), result.updates()), polled)
                    .filter(condition)
                    .next()
                    .block(wait);
            return reached != null ? Optional.of(reached) : payment(paymentId);
        } catch (IllegalStateException timeout) {
            return payment(paymentId);
        }
    }

    Optional<PayoutView> payout(String payoutId) {
        return Optional.ofNullable(query(new FindPayoutQuery(payoutId), PayoutView.class));
    }

    /** Polls the read model up to {@code wait} for the payout to satisfy the condition; returns what it has then. */
    Optional<PayoutView> awaitPayout(String payoutId, Duration wait, Predicate<PayoutView> condition) {
        return poll(() -> payout(payoutId), condition, wait, Duration.ofMillis(50));
    }

    /** Reads until the condition holds or the wait is over; answers the last read. */
    private static <V> Optional<V> poll(Supplier<Optional<V>> read, Predicate<V> condition, Duration wait, Duration every) {
        long deadline = System.nanoTime() + wait.toNanos();
        Optional<V> view = read.get();
        while (view.filter(condition).isEmpty() && System.nanoTime() < deadline) {
            sleep(every.toMillis());
            view = read.get();
        }
        return view;
    }

    static String correlationId() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object id = attributes == null ? null
                : attributes.getAttribute(CorrelationFilter.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return id != null ? id.toString() : IdentifierFactory.getInstance().generateIdentifier();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the read model", e);
        }
    }
}
