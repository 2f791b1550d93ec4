package io.ledger.api.privacy;

import io.ledger.messages.privacy.PersonalData;

/**
 * How a person's name and account number are shown to those who may see that they exist but not what they are: the
 * back office reading a payout's beneficiary, a bank statement line's counterparty. An erased value stays erased.
 */
public final class Masking {

    private Masking() {
    }

    /** The first letter and {@code ***}: {@code C***}. */
    public static String name(String name) {
        return name.isEmpty() || PersonalData.ERASED.equals(name) ? name : name.codePoints().limit(1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append) + "***";
    }

    /** The country, check digits and last four characters: {@code DE89**************3000}. */
    public static String iban(String iban) {
        return PersonalData.ERASED.equals(iban) ? iban : iban.length() <= 8 ? "****"
                : iban.substring(0, 4) + "*".repeat(iban.length() - 8) + iban.substring(iban.length() - 4);
    }
}
