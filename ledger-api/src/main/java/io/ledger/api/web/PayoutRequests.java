package io.ledger.api.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ledger.api.security.Caller;
import io.ledger.messages.account.AccountPage;
import io.ledger.messages.account.AccountStatus;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.AccountView;
import io.ledger.messages.account.ListAccountsQuery;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.payment.RequestFingerprint;
import io.ledger.messages.payout.Beneficiary;
import io.ledger.messages.payout.InitiatePayoutCommand;
import org.iban4j.BicUtil;
import org.iban4j.Iban4jException;
import org.iban4j.IbanUtil;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Comparator;

/**
 * A payout request made into the command it stands for, with every check a single request gets. One home for
 * {@code POST /v1/payouts} and the lines of a payment file whose creditor is outside the ledger (issue 20).
 */
@Component
class PayoutRequests {

    private static final int REMITTANCE_MAX = 140;
    private static final int NAME_MAX = 140;

    private final LedgerGateway ledger;
    /** A file names the same currency on every line: its clearing account is looked up once, not per line. */
    private final Cache<String, String> clearing = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(10))
            .maximumSize(64).build();

    PayoutRequests(LedgerGateway ledger) {
        this.ledger = ledger;
    }

    InitiatePayoutCommand prepare(Caller caller, PayoutRequest body, String key) {
        if (body == null) {
            throw InputRules.invalid("a JSON body is required");
        }
        String debtor = Ids.requireAccountId(InputRules.required(body.debtorAccount(), "debtorAccount"));
        Money amount = Money.parsePositive(InputRules.required(body.amount(), "amount"),
                InputRules.required(body.currency(), "currency"));
        Beneficiary beneficiary = beneficiary(body.beneficiary());
        String remittance = InputRules.text(body.remittanceInfo(), "remittanceInfo", REMITTANCE_MAX);
        ledger.holder(debtor)
                .filter(h -> h.ownerId().equals(caller.subject()) && !h.type().isBankPosition())
                .orElseThrow(() -> AccountController.notFound(debtor));
        String clearingAccount = clearing.get(amount.currency(), this::clearingAccount);

        String payoutId = Ids.payoutIdFor(caller.subject(), key);
        String fingerprint = RequestFingerprint.digest("payout", debtor, Long.toString(amount.minorUnits()),
                amount.currency(), beneficiary.name(), beneficiary.iban(), nullToEmpty(beneficiary.bic()),
                nullToEmpty(remittance));
        return new InitiatePayoutCommand(payoutId, debtor, clearingAccount, amount, beneficiary, remittance, key,
                fingerprint, caller.subject());
    }

    /**
     * The clearing account payouts in this currency settle through: the active CLEARING account in the
     * currency with the lowest id, so every instance picks the same one.
     */
    private String clearingAccount(String currency) {
        AccountPage page = ledger.query(new ListAccountsQuery(null, AccountStatus.ACTIVE, AccountType.CLEARING, null,
                InputRules.MAX_PAGE_SIZE), AccountPage.class);
        return page.items().stream()
                .filter(account -> account.currency().equals(currency))
                .map(AccountView::accountId)
                .min(Comparator.naturalOrder())
                .orElseThrow(() -> new LedgerException(ErrorCode.NO_CLEARING_ACCOUNT,
                        "the ledger has no active clearing account in " + currency + " to pay out through"));
    }

    private static Beneficiary beneficiary(PayoutRequest.BeneficiaryBody body) {
        if (body == null) {
            throw InputRules.invalid("beneficiary is required: name, iban and optionally bic");
        }
        String name = InputRules.text(InputRules.required(body.name(), "beneficiary.name"), "beneficiary.name", NAME_MAX);
        String iban = InputRules.required(body.iban(), "beneficiary.iban").replace(" ", "");
        try {
            IbanUtil.validate(iban);
        } catch (Iban4jException e) {
            // The library's message names the rule broken; it quotes no more than the input's shape.
            throw InputRules.invalid("beneficiary.iban is not a valid IBAN");
        }
        String bic = body.bic();
        if (bic != null) {
            try {
                BicUtil.validate(bic);
            } catch (Iban4jException e) {
                throw InputRules.invalid("beneficiary.bic is not a valid BIC");
            }
        }
        return new Beneficiary(name.strip(), iban, bic);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
