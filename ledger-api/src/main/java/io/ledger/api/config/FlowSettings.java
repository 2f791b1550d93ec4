package io.ledger.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The money flows' settings, one record per area, each default written once, here (issue 24). application.yml maps
 * the environment variables onto these keys with empty defaults; an empty or absent value takes the default below.
 */
public final class FlowSettings {

    private FlowSettings() {
    }

    /**
     * {@code ledger.payments.*}.
     *
     * @param settlementTimeout  how long a payment may stay unsettled before it expires (default 30 s)
     * @param maxBacklogEvents   new payments answer 503 while settlement is this many events behind (default 2,000;
     *                           0 turns the back-pressure off)
     * @param backlogRetryAfter  the Retry-After such a refusal names (default 1 s)
     */
    @ConfigurationProperties("ledger.payments")
    public record Payments(Duration settlementTimeout, Long maxBacklogEvents, Duration backlogRetryAfter) {

        public Payments {
            settlementTimeout = positive(settlementTimeout, Duration.ofSeconds(30), "ledger.payments.settlement-timeout");
            maxBacklogEvents = maxBacklogEvents == null ? 2_000L : maxBacklogEvents;
            backlogRetryAfter = positive(backlogRetryAfter, Duration.ofSeconds(1), "ledger.payments.backlog-retry-after");
        }
    }

    /** {@code ledger.payouts.answer-within}: how long the bank lane has to answer a payout before it is OVERDUE (P1D). */
    @ConfigurationProperties("ledger.payouts")
    public record Payouts(Duration answerWithin) {

        public Payouts {
            answerWithin = positive(answerWithin, Duration.ofDays(1), "ledger.payouts.answer-within");
        }
    }

    /** {@code ledger.risk.review-within}: a payment in review is declined when nobody decided within this (P1D). */
    @ConfigurationProperties("ledger.risk")
    public record Risk(Duration reviewWithin) {

        public Risk {
            reviewWithin = positive(reviewWithin, Duration.ofDays(1), "ledger.risk.review-within");
        }
    }

    /**
     * The command side's memory: {@code ledger.cache.accounts} and {@code .payments}, how many aggregates each cache
     * keeps (20,000 each).
     */
    @ConfigurationProperties("ledger.cache")
    public record Cache(Long accounts, Long payments) {

        public Cache {
            accounts = accounts == null ? 20_000L : accounts;
            payments = payments == null ? 20_000L : payments;
        }
    }

    /** {@code ledger.accounts.snapshot-every}: an account is snapshotted every this many events (250). */
    @ConfigurationProperties("ledger.accounts")
    public record Accounts(Integer snapshotEvery) {

        public Accounts {
            snapshotEvery = snapshotEvery == null ? 250 : snapshotEvery;
        }
    }

    /** {@code ledger.deadlines.polling-interval}: how often db-scheduler looks for due deadlines and tasks (0.5 s). */
    @ConfigurationProperties("ledger.deadlines")
    public record Deadlines(Duration pollingInterval) {

        public Deadlines {
            pollingInterval = positive(pollingInterval, Duration.ofMillis(500), "ledger.deadlines.polling-interval");
        }
    }

    /** {@code ledger.ops.max-lag}: a processor further behind than this many events makes health OUT_OF_SERVICE (10,000). */
    @ConfigurationProperties("ledger.ops")
    public record Ops(Long maxLag) {

        public Ops {
            maxLag = maxLag == null ? 10_000L : maxLag;
        }
    }

    /**
     * {@code ledger.audit.*}; the periods of its scheduled jobs ({@code checkpoint-every}, {@code integrity-every})
     * are in application.yml, where the schedule reads them.
     *
     * @param signingKey         the PEM file with the Ed25519 key pair that signs checkpoints (none: the development
     *                           key under LEDGER_HOME, in development only)
     * @param checkpointInterval records per signed checkpoint (1,024)
     */
    @ConfigurationProperties("ledger.audit")
    public record Audit(String signingKey, Integer checkpointInterval) {

        public Audit {
            signingKey = signingKey == null || signingKey.isBlank() ? null : signingKey;
            checkpointInterval = checkpointInterval == null ? 1024 : checkpointInterval;
            if (checkpointInterval < 1) {
                throw new IllegalArgumentException("ledger.audit.checkpoint-interval must be positive");
            }
        }
    }

    static Duration positive(Duration value, Duration otherwise, String key) {
        if (value == null) {
            return otherwise;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive");
        }
        return value;
    }
}
