package io.ledger.api.web;

import io.ledger.api.security.Caller;
import io.ledger.api.security.Scope;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.payment.CaptureMode;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.RequestFingerprint;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A payment request made into the command it stands for, with every check a single request gets. One home for
 * both lanes: {@code POST /v1/payments} and each item of {@code POST /v1/payment-batches} (issue 20), so a caller
 * submits in a batch exactly the payments it could make one by one.
 */
@Component
class PaymentRequests {

    private static final int REMITTANCE_MAX = PaymentController.REMITTANCE_MAX;

    private final LedgerGateway ledger;
    private final AuthorizationSettings authorizations;

    PaymentRequests(LedgerGateway ledger, AuthorizationSettings authorizations) {
        this.ledger = ledger;
        this.authorizations = authorizations;
    }

    /**
     * The command a payment request stands for, checked in the order the reference page lists: every field, then
     * that the caller may debit the account. A batch's items are checked by this same method.
     */
    InitiatePaymentCommand prepare(Caller caller, PaymentRequest body, String key) {
        if (body == null) {
            throw InputRules.invalid("a JSON body is required");
        }
        String debtor = Ids.requireAccountId(InputRules.required(body.debtorAccount(), "debtorAccount"));
        String creditor = Ids.requireAccountId(InputRules.required(body.creditorAccount(), "creditorAccount"));
        Money amount = Money.parsePositive(InputRules.required(body.amount(), "amount"),
                InputRules.required(body.currency(), "currency"));
        String remittance = InputRules.text(body.remittanceInfo(), "remittanceInfo", REMITTANCE_MAX);
        String externalReference = InputRules.externalReference(body.externalReference());
        Map<String, String> metadata = InputRules.metadata(body.metadata());
        if (debtor.equals(creditor)) {
            throw new LedgerException(ErrorCode.SAME_ACCOUNT, "debtor and creditor must be different accounts");
        }
        CaptureMode capture = body.capture() == null ? CaptureMode.AUTOMATIC : body.capture();
        Duration ttl = authorizationTtl(capture, body.authorizationTtl());
        requireMayDebit(caller, debtor);

        String paymentId = Ids.paymentIdFor(caller.subject(), key);
        String fingerprint = RequestFingerprint.withReferences(
                RequestFingerprint.of(debtor, creditor, amount, remittance, capture, body.authorizationTtl()),
                externalReference, metadata);
        Instant expiresAt = ttl == null ? null : Instant.now().plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        return new InitiatePaymentCommand(paymentId, debtor, creditor, amount, remittance, key, fingerprint,
                caller.subject(), capture, expiresAt, externalReference, metadata.isEmpty() ? null : metadata);
    }

    private Duration authorizationTtl(CaptureMode capture, String requested) {
        if (capture != CaptureMode.MANUAL) {
            if (requested != null) {
                throw InputRules.invalid("authorizationTtl applies to capture MANUAL only");
            }
            return null;
        }
        if (requested == null) {
            return authorizations.defaultTtl();
        }
        Duration ttl;
        try {
            ttl = Duration.parse(InputRules.text(requested, "authorizationTtl", 32));
        } catch (DateTimeParseException e) {
            throw InputRules.invalid("authorizationTtl must be an ISO-8601 duration such as P7D or PT30M");
        }
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(authorizations.maxTtl()) > 0) {
            throw InputRules.invalid("authorizationTtl must be between PT1S and " + authorizations.maxTtl());
        }
        return ttl;
    }

    private void requireMayDebit(Caller caller, String debtor) {
        LedgerGateway.Holder account = ledger.holder(debtor).orElse(null);
        boolean mayDebit = account != null && (
                (caller.has(Scope.WALLET) && account.ownerId().equals(caller.subject())
                        && !account.type().isBankPosition())
                        || (caller.has(Scope.ADMIN) && account.type() == AccountType.SYSTEM));
        if (!mayDebit) {
            if (account != null && caller.has(Scope.ADMIN)) {
                throw new LedgerException(ErrorCode.FORBIDDEN, "an admin token pays from SYSTEM accounts only");
            }
            // Wallets learn nothing about accounts that are not theirs.
            throw AccountController.notFound(debtor);
        }
    }
}
