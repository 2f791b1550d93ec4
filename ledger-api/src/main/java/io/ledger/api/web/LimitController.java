package io.ledger.api.web;

import io.ledger.api.privacy.SubjectKeyStore;
import io.ledger.api.risk.RiskRuleSets;
import io.ledger.messages.account.OwnerLimitsKey;
import io.ledger.messages.account.OwnerLimitsView;
import io.ledger.messages.account.OwnerUsageView;
import io.ledger.messages.account.SetOwnerLimitsCommand;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.privacy.PersonalData;
import io.ledger.api.security.Caller;
import io.ledger.api.security.Scope;
import io.ledger.messages.account.AccountLimits;
import io.ledger.messages.account.AccountLimitsView;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.risk.RiskRuleSet;
import io.ledger.messages.account.AccountView;
import io.ledger.messages.account.LimitWindow;
import io.ledger.messages.account.SetAccountLimitsCommand;
import io.ledger.messages.account.WindowLimit;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An account's limits (issue 21): the back office sets them, the account's holder reads them and what is left of
 * each. The account counts them in its own decision; what this shows as used is the read model's count.
 */
@RestController
@RequestMapping(path = "/v1/limits", produces = "application/json")
public class LimitController {

    private final LedgerGateway ledger;
    private final RiskRuleSets policy;
    private final SubjectKeyStore subjects;

    LimitController(LedgerGateway ledger, RiskRuleSets policy, SubjectKeyStore subjects) {
        this.ledger = ledger;
        this.policy = policy;
        this.subjects = subjects;
    }

    /** What the back office sends: every field optional; an empty body removes the account's limits. */
    public record LimitsRequest(String perPayment, List<WindowRequest> windows) {
    }

    public record WindowRequest(String window, String amount, Integer count) {
    }

    /**
     * An account's own limits and those of its type (typeLimits, null when its type has none), each window with what
     * it used and what is left; amounts are decimal strings at the currency's scale. A payment must fit both.
     */
    public record LimitsResponse(String accountId, String currency, String perPayment, List<WindowResponse> windows,
                          long version, TypeLimitsResponse typeLimits, OwnerLimitsResponse ownerLimits) {

        static LimitsResponse of(AccountLimitsView view, AccountLimits ofType, int policyVersion,
                                 OwnerLimitsResponse ofOwner) {
            Money perPayment = view.limits().perPayment();
            return new LimitsResponse(view.accountId(), view.currency(),
                    perPayment == null ? null : perPayment.toDecimalString(),
                    windows(view.used(), view.limits(), view.currency()), view.version(),
                    ofType.none() ? null : new TypeLimitsResponse(view.type(), view.currency(),
                            ofType.perPayment() == null ? null : ofType.perPayment().toDecimalString(),
                            windows(view.used(), ofType, view.currency()), policyVersion), ofOwner);
        }

        static List<WindowResponse> windows(List<AccountLimitsView.Used> usedByWindow, AccountLimits limits,
                                            String currency) {
            List<WindowResponse> windows = new ArrayList<>();
            for (WindowLimit limit : limits.windows()) {
                AccountLimitsView.Used used = usedByWindow.stream().filter(u -> u.window() == limit.window())
                        .findFirst().orElse(new AccountLimitsView.Used(limit.window(), Money.zero(currency), 0));
                windows.add(new WindowResponse(limit.window(), limit.window().length().toString(),
                        limit.amount() == null ? null : limit.amount().toDecimalString(), limit.count(),
                        new Amounts(used.amount().toDecimalString(), used.count()),
                        new Amounts(limit.amount() == null ? null : Money.ofMinor(
                                Math.max(0, limit.amount().minorUnits() - used.amount().minorUnits()), currency)
                                .toDecimalString(),
                                limit.count() == null ? null : Math.max(0, limit.count() - used.count()))));
            }
            return windows;
        }
    }

    /** The limits of every account of a type in a currency, as published in a version of the risk policy. */
    public record TypeLimitsResponse(AccountType type, String currency, String perPayment, List<WindowResponse> windows,
                              int policyVersion) {

        static TypeLimitsResponse of(String key, AccountLimits limits, int policyVersion) {
            String[] parts = key.split(":");
            return new TypeLimitsResponse(AccountType.valueOf(parts[0]), parts[1],
                    limits.perPayment() == null ? null : limits.perPayment().toDecimalString(),
                    limits.windows().stream().map(w -> new WindowResponse(w.window(), w.window().length().toString(),
                            w.amount() == null ? null : w.amount().toDecimalString(), w.count(), null, null)).toList(),
                    policyVersion);
        }
    }

    /**
     * An owner's limits in a currency, across the owner's accounts in it (ADR 0034), each window with what those
     * accounts used and what is left. A payment from any of them must fit these as well as the account's own.
     */
    public record OwnerLimitsResponse(String currency, String perPayment, List<WindowResponse> windows, long version) {

        static OwnerLimitsResponse of(OwnerLimitsView view) {
            return new OwnerLimitsResponse(view.currency(),
                    view.limits().perPayment() == null ? null : view.limits().perPayment().toDecimalString(),
                    LimitsResponse.windows(view.used(), view.limits(), view.currency()), view.version());
        }
    }

    /** What the back office sends for an owner: the owner (in the body, never in a URL) and the limits. */
    public record OwnerLimitsRequest(String ownerId, String perPayment, List<WindowRequest> windows) {
    }

    public record WindowResponse(LimitWindow window, String length, String amount, Integer count, Amounts used,
                          Amounts remaining) {
    }

    public record Amounts(String amount, Integer count) {
    }

    @GetMapping("/accounts/{accountId}")
    public LimitsResponse read(Caller caller, @PathVariable String accountId) {
        return withTypeLimits(visible(caller, accountId));
    }

    private LimitsResponse withTypeLimits(AccountLimitsView view) {
        RiskRuleSet current = policy.inForce();
        OwnerLimitsResponse ofOwner = view.type().isBankPosition() ? null
                : ledger.ownerLimits(view.ownerId(), view.currency()).filter(o -> !o.limits().none())
                .map(OwnerLimitsResponse::of).orElse(null);
        return LimitsResponse.of(view, current.limitsFor(view.type(), view.currency()), current.version(), ofOwner);
    }

    /**
     * The caller's own limits as an owner, in a currency, across its accounts (ADR 0034); 404 when it has none there.
     * The back office reads an owner's through any of the owner's accounts ({@code ownerLimits} above).
     */
    @GetMapping("/owners/{currency}")
    OwnerLimitsResponse readOwn(Caller caller, @PathVariable String currency) {
        Money.zero(currency);
        return ledger.ownerLimits(caller.subject(), currency).filter(o -> !o.limits().none())
                .map(OwnerLimitsResponse::of)
                .orElseThrow(() -> new LedgerException(ErrorCode.OWNER_LIMITS_NOT_FOUND,
                        "you have no limits as an owner in " + currency));
    }

    /**
     * Replaces an owner's limits in a currency, across all the owner's customer accounts in it (ADR 0034): payments
     * decided from now on are held to them. Set for the first time, they count what the owner's accounts already
     * paid out within the windows. An owner holding no customer account in the currency has nothing to limit.
     */
    @PutMapping(path = "/owners/{currency}", consumes = "application/json")
    public OwnerLimitsResponse setOwner(Caller caller, @PathVariable String currency,
                                 @RequestBody(required = false) OwnerLimitsRequest body) {
        Money.zero(currency);
        String ownerId = InputRules.text(body == null ? null : body.ownerId(), "ownerId", 255);
        InputRules.required(ownerId, "ownerId");
        if (PersonalData.ERASED.equals(ownerId)) {
            throw InputRules.invalid("ownerId " + PersonalData.ERASED + " is what an erased owner reads as");
        }
        AccountLimits limits = limits(new LimitsRequest(body.perPayment(), body.windows()), currency);
        Optional<OwnerLimitsView> current = ledger.ownerLimitsAlone(ownerId, currency);
        OwnerUsageView usage = ledger.ownerUsage(ownerId, currency, current.isEmpty());
        if (usage.accountIds().isEmpty()) {
            throw new LedgerException(ErrorCode.ACCOUNT_NOT_FOUND,
                    "the owner holds no customer account in " + currency + ": there is nothing to limit");
        }
        String ownerKey = current.map(OwnerLimitsView::ownerKey)
                .orElseGet(() -> OwnerLimitsKey.of(subjects.keyOf(ownerId).ref(), currency));
        // Every account of the owner is told each time: one opened since the last setting included.
        ledger.send(new SetOwnerLimitsCommand(ownerKey, ownerId, currency, limits,
                usage.hours(), usage.accountIds()), caller);
        long before = current.map(OwnerLimitsView::version).orElse(-1L);
        OwnerLimitsView set = ledger.awaitOwnerLimits(ownerId, currency, v -> v.version() > before)
                .orElseThrow(() -> new IllegalStateException("the owner's limits were set but are not shown yet"));
        return OwnerLimitsResponse.of(set);
    }

    /** The limits per account type and currency in force now (those a payment arriving now is held to). */
    @GetMapping("/types")
    List<TypeLimitsResponse> types() {
        RiskRuleSet current = policy.inForce();
        return current.typeLimits().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> TypeLimitsResponse.of(e.getKey(), e.getValue(), current.version())).toList();
    }

    /**
     * Replaces the limits every account of a type has in a currency, besides its own: published as the next version
     * of the risk policy (ADR 0026), so payments that arrive from now on are held to them. An empty body removes them.
     */
    @PutMapping(path = "/types/{type}/{currency}", consumes = "application/json")
    TypeLimitsResponse setType(Caller caller, @PathVariable String type, @PathVariable String currency,
                               @RequestBody(required = false) LimitsRequest body) {
        AccountType accountType = InputRules.oneOf(AccountType.values(), type, "type");
        if (accountType.isBankPosition()) {
            throw InputRules.invalid("a " + type + " account is the bank's own position: it takes no limits");
        }
        Money.zero(currency); // an unknown currency is refused here, as anywhere
        AccountLimits limits = limits(body, currency);
        RiskRuleSet published = policy.publishTypeLimits(accountType, currency, limits, ledger.lineage(caller));
        return TypeLimitsResponse.of(RiskRuleSet.typeKey(accountType, currency), limits, published.version());
    }

    /** Replaces the account's limits; answers them once the read model shows them. */
    @PutMapping(path = "/accounts/{accountId}", consumes = "application/json")
    LimitsResponse set(Caller caller, @PathVariable String accountId, @RequestBody(required = false) LimitsRequest body) {
        // The back office sees every account: the account's row alone says it exists, its currency and version.
        if (!Ids.ACCOUNT_ID.matcher(accountId).matches()) {
            throw AccountController.notFound(accountId);
        }
        AccountView current = ledger.account(accountId).orElseThrow(() -> AccountController.notFound(accountId));
        AccountLimits limits = limits(body, current.currency());
        try {
            ledger.send(new SetAccountLimitsCommand(accountId, limits), caller);
        } catch (AggregateNotFoundException e) {
            throw AccountController.notFound(accountId);
        }
        // Waits on the account's version (one row), then counts the windows once.
        ledger.awaitAccount(accountId, v -> v.version() > current.version());
        return withTypeLimits(visible(caller, accountId));
    }

    private static AccountLimits limits(LimitsRequest body, String currency) {
        if (body == null) {
            return AccountLimits.NONE;
        }
        Money perPayment = body.perPayment() == null ? null : Money.parseNonNegative(body.perPayment(), currency);
        List<WindowLimit> windows = new ArrayList<>();
        for (WindowRequest window : body.windows() == null ? List.<WindowRequest>of() : body.windows()) {
            if (window == null) {
                throw InputRules.invalid("a window limit must not be null");
            }
            windows.add(new WindowLimit(InputRules.oneOf(LimitWindow.values(), window.window(), "window"),
                    window.amount() == null ? null : Money.parseNonNegative(window.amount(), currency), window.count()));
        }
        AccountLimits limits = new AccountLimits(perPayment, windows);
        limits.requireValidFor(currency);
        return limits;
    }

    /** The account's limits if this caller may see them; otherwise 404, so a wallet cannot probe others' ids. */
    private AccountLimitsView visible(Caller caller, String accountId) {
        if (!Ids.ACCOUNT_ID.matcher(accountId).matches()) {
            throw AccountController.notFound(accountId);
        }
        return ledger.limits(accountId)
                .filter(view -> caller.hasAny(Scope.BACKOFFICE, Scope.ADMIN) || view.ownerId().equals(caller.subject()))
                .orElseThrow(() -> AccountController.notFound(accountId));
    }
}
