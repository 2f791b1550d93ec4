package io.ledger.api.web;

import io.ledger.api.privacy.DataSubjectErasure;
import io.ledger.api.security.Caller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * The right to erasure (ADR 0021), for compliance: a subject's key is deleted, and everything personal sealed
 * under it reads as erased from then on. The subject's id travels in the body, never in a URL that access
 * logs keep.
 */
@RestController
class DataSubjectController {

    private final DataSubjectErasure erasure;
    private final LedgerGateway ledger;

    DataSubjectController(DataSubjectErasure erasure, LedgerGateway ledger) {
        this.erasure = erasure;
        this.ledger = ledger;
    }

    /** Body of POST /v1/data-subject-erasures: whose personal data to erase (an owner id, a token subject). */
    record ErasureRequest(String subjectId) {
    }

    record ErasureResponse(String subjectRef, Instant erasedAt, int accounts, int payments, int payouts,
                           int auditRecords, int auditCommands) {
    }

    @PostMapping(path = "/v1/data-subject-erasures", consumes = "application/json", produces = "application/json")
    ErasureResponse erase(Caller caller, @RequestBody ErasureRequest body) {
        if (body == null) {
            throw InputRules.invalid("a JSON body is required");
        }
        String subjectId = InputRules.required(InputRules.text(body.subjectId(), "subjectId", 255), "subjectId");
        DataSubjectErasure.Erased erased = erasure.erase(subjectId, ledger.lineage(caller));
        ledger.forgetHolders();
        return new ErasureResponse(erased.subjectRef(), erased.erasedAt(), erased.accounts(), erased.payments(),
                erased.payouts(), erased.auditRecords(), erased.auditCommands());
    }
}
