package io.ledger.messages.audit;

import io.ledger.audit.Checkpoint;

import java.util.List;

/** Signed checkpoints. */
public record CheckpointList(List<Checkpoint> items) {
}
