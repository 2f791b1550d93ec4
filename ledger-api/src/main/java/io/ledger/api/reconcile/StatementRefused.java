package io.ledger.api.reconcile;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;

/** A bank statement refused whole (BANK_STATEMENT_REFUSED): nothing of it is stored or applied. */
final class StatementRefused {

    private StatementRefused() {
    }

    static LedgerException because(String reason) {
        return new LedgerException(ErrorCode.BANK_STATEMENT_REFUSED, reason);
    }
}
