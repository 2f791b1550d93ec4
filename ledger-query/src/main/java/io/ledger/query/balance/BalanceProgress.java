package io.ledger.query.balance;

import io.ledger.messages.account.BalancesProjectedQuery;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * How far the balances read model has got, read from its processor's stored tokens: they commit with
 * the balance updates, so a token that covers a position means every balance up to it is readable, on
 * whichever instance projected it. The payment and balance read models are separate processors, so a
 * payment can read SETTLED a moment before its balances do; this is how a waiting request closes that gap.
 */
@Component
public class BalanceProgress {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    public BalanceProgress(JdbcTemplate jdbc, @Qualifier("serializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    @QueryHandler
    Boolean handle(BalancesProjectedQuery query) {
        List<TrackingToken> tokens = jdbc.query(
                "select token, token_type from token_entry where processor_name = ?",
                (rs, n) -> {
                    byte[] token = rs.getBytes("token");
                    String type = rs.getString("token_type");
                    return token == null || type == null ? null : serializer.<byte[], TrackingToken>deserialize(
                            new SimpleSerializedObject<>(token, byte[].class, type, null));
                },
                AccountProjection.PROCESSING_GROUP);
        if (tokens.isEmpty()) {
            return false;
        }
        return tokens.stream().allMatch(token -> covers(token, query.position()));
    }

    /**
     * A gap-aware token has seen position when its index is at or past it and position is not one of
     * its gaps. (Its own covers() also demands the same gaps below, which would make a long-healed gap
     * hold every waiting request until Axon forgets it.) A token being replayed covers nothing.
     */
    static boolean covers(TrackingToken token, long position) {
        return token instanceof GapAwareTrackingToken seen
                && seen.getIndex() >= position && !seen.getGaps().contains(position);
    }
}
