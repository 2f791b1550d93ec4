package io.ledger.messages.audit;

import java.util.List;

/** Signed checkpoints. */
public record CheckpointList(List<Checkpoint> items) {
}
