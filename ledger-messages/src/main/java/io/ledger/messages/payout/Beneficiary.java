package io.ledger.messages.payout;

/**
 * Who a payout pays outside the ledger. Personal data: it travels to the bank lane and is shown to those
 * entitled, never logged; it is one value so that it can be sealed as a whole (crypto-shredding, issue 19).
 */
public record Beneficiary(String name, String iban, String bic) {

    @Override
    public String toString() {
        return "Beneficiary[redacted]";
    }
}
