package io.ledger.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.ledger.api.problem.ProblemWriter;
import io.ledger.messages.common.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;

/**
 * Keeps one noisy caller from hurting everyone: a token bucket (Bucket4j) per token subject, sized by
 * its scope; an empty bucket answers 429 with Retry-After. Runs after authentication, so the caller is
 * known and anonymous floods never reach a bucket.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimitSettings settings;
    private final SecurityEvents events;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(1_000_000)
            .build();

    public RateLimitFilter(RateLimitSettings settings, SecurityEvents events) {
        this.settings = settings;
        this.events = events;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = Caller.current();
        if (!settings.enabled() || caller == null) {
            chain.doFilter(request, response);
            return;
        }
        RateLimitSettings.Limit limit = caller.scopes().stream()
                .map(scope -> settings.scopes().get(scope.claimValue()))
                .filter(java.util.Objects::nonNull)
                .max(Comparator.comparingLong(RateLimitSettings.Limit::perSecond))
                .orElse(settings.scopes().getOrDefault("default", new RateLimitSettings.Limit(10, 5)));
        Bucket bucket = buckets.get(caller.subject() + '|' + limit, key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity())
                        .refillGreedy(limit.perSecond(), Duration.ofSeconds(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            events.rateLimited(request, caller);
            response.setHeader("Retry-After", Long.toString(seconds));
            ProblemWriter.write(request, response, HttpStatus.TOO_MANY_REQUESTS, ErrorCode.RATE_LIMITED,
                    "too many requests for this caller; retry after " + seconds + " s");
            return;
        }
        response.setHeader("RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
        chain.doFilter(request, response);
    }
}
