package io.ledger.api.config;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import org.axonframework.common.IdentifierFactory;

/**
 * Identifiers for every message Axon creates (commands, events, queries) and for requests that bring no
 * correlation id of their own: version 7 UUIDs (RFC 9562), which start with the time in milliseconds.
 *
 * <p>Why not Axon's default random (version 4) UUIDs: these ids are keys of indexes that every payment
 * inserts into and that are kept forever — the event store's unique event identifier, the command
 * lineage's primary key and its correlation index, the audit log's correlation index. A random key
 * lands on any leaf of an index that outgrows memory: a page read, a page dirtied, and after each
 * checkpoint a full-page image in the WAL, for every insert. A time-ordered key lands on the last
 * leaves, which stay in memory (docs/performance.md, session 9). They are still unique across instances
 * (74 random bits each millisecond, then counted up within it), which is all an identifier must be;
 * none of them is a secret or a capability (ids a caller must not guess, such as account ids, are made
 * elsewhere). The random bits are drawn once per millisecond rather than once per id, which also takes
 * the shared {@code SecureRandom} off every message's path.
 *
 * <p>Axon finds this class through {@code META-INF/services/org.axonframework.common.IdentifierFactory}.
 */
public class TimeOrderedIdentifierFactory extends IdentifierFactory {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    /** A new version 7 UUID in its usual text form. */
    public static String next() {
        return GENERATOR.generate().toString();
    }

    @Override
    public String generateIdentifier() {
        return next();
    }
}
