package io.ledger.messages.payout;

import io.ledger.messages.privacy.PersonalData;

/**
 * Who a payout pays outside the ledger. Personal data: it travels to the bank lane and is shown to those
 * entitled, never logged; it is one value so that it can be sealed as a whole (crypto-shredding, issue 19).
 */
public record Beneficiary(String name, String iban, String bic) {

    /** What a beneficiary reads as once the subject it was sealed under is erased (ADR 0021). */
    public static final Beneficiary ERASED = new Beneficiary(PersonalData.ERASED, PersonalData.ERASED, null);

    /** The beneficiary, or {@link #ERASED} where erasure left none (a sealed value reads null then). */
    public static Beneficiary orErased(Beneficiary beneficiary) {
        return beneficiary != null ? beneficiary : ERASED;
    }

    @Override
    public String toString() {
        return "Beneficiary[redacted]";
    }
}
