package io.ledger.messages.account;

/**
 * Names an owner's limits in one currency (issue 21, ADR 0034): the aggregate that counts what all the owner's
 * accounts in that currency pay out. Built from the owner's data-subject reference (ADR 0021), a random value, never
 * from the owner's id: the key is in the event store forever, and after the owner's erasure nothing leads from it
 * back to the owner. The colon keeps it apart from every account id (which cannot hold one): aggregate ids share the
 * event store's unique key.
 */
public final class OwnerLimitsKey {

    private static final String PREFIX = "owner:";

    private OwnerLimitsKey() {
    }

    public static String of(String subjectRef, String currency) {
        return PREFIX + subjectRef + ":" + currency;
    }

    public static boolean is(String aggregateId) {
        return aggregateId != null && aggregateId.startsWith(PREFIX);
    }
}
