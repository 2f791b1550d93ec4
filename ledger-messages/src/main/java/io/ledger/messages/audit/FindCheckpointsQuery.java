package io.ledger.messages.audit;

import java.util.List;

/** The signed checkpoints with these numbers. */
public record FindCheckpointsQuery(List<Long> checkpointSeqs) {
}
