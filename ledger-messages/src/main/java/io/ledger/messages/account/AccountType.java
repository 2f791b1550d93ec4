package io.ledger.messages.account;

/** WALLET and MERCHANT accounts never go below their overdraft limit; SYSTEM positions may go negative. */
public enum AccountType {
    WALLET,
    MERCHANT,
    SYSTEM
}
