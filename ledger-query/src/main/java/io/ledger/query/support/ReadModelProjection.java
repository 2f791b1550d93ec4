package io.ledger.query.support;

/**
 * A projection that maintains a rebuildable read model on a processor with a dead-letter queue: each of its event
 * handlers runs so that one failing event is parked without losing the batch (ADR 0006, 0030,
 * {@code SavepointPerProjectionHandler}). A projection says so by implementing this (issue 24), not by the package it
 * sits in — the payouts' projection, in a package of its own, was left out when packages were the rule.
 */
public interface ReadModelProjection {
}
