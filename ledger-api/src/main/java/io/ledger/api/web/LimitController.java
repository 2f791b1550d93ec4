package io.ledger.api.web;

import io.ledger.api.security.Caller;
import io.ledger.api.security.Scope;
import io.ledger.messages.account.AccountLimits;
import io.ledger.messages.account.AccountLimitsView;
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
import java.util.Arrays;
import java.util.List;

/**
 * An account's limits (issue 21): the back office sets them, the account's holder reads them and what is left of
 * each. The account counts them in its own decision; what this shows as used is the read model's count.
 */
@RestController
@RequestMapping(path = "/v1/limits/accounts", produces = "application/json")
class LimitController {

    private final LedgerGateway ledger;

    LimitController(LedgerGateway ledger) {
        this.ledger = ledger;
    }

    /** What the back office sends: every field optional; an empty body removes the account's limits. */
    record LimitsRequest(String perPayment, List<WindowRequest> windows) {
    }

    record WindowRequest(String window, String amount, Integer count) {
    }

    /** A limit with what its window used and what is left; amounts are decimal strings at the currency's scale. */
    record LimitsResponse(String accountId, String currency, String perPayment, List<WindowResponse> windows,
                          long version) {

        static LimitsResponse of(AccountLimitsView view) {
            List<WindowResponse> windows = new ArrayList<>();
            for (WindowLimit limit : view.limits().windows()) {
                AccountLimitsView.Used used = view.used().stream().filter(u -> u.window() == limit.window())
                        .findFirst().orElse(new AccountLimitsView.Used(limit.window(), Money.zero(view.currency()), 0));
                windows.add(new WindowResponse(limit.window(), limit.window().length().toString(),
                        limit.amount() == null ? null : limit.amount().toDecimalString(), limit.count(),
                        new Amounts(used.amount().toDecimalString(), used.count()),
                        new Amounts(limit.amount() == null ? null : Money.ofMinor(
                                Math.max(0, limit.amount().minorUnits() - used.amount().minorUnits()), view.currency())
                                .toDecimalString(),
                                limit.count() == null ? null : Math.max(0, limit.count() - used.count()))));
            }
            Money perPayment = view.limits().perPayment();
            return new LimitsResponse(view.accountId(), view.currency(),
                    perPayment == null ? null : perPayment.toDecimalString(), windows, view.version());
        }
    }

    record WindowResponse(LimitWindow window, String length, String amount, Integer count, Amounts used,
                          Amounts remaining) {
    }

    record Amounts(String amount, Integer count) {
    }

    @GetMapping("/{accountId}")
    LimitsResponse read(Caller caller, @PathVariable String accountId) {
        return LimitsResponse.of(visible(caller, accountId));
    }

    /** Replaces the account's limits; answers them once the read model shows them. */
    @PutMapping(path = "/{accountId}", consumes = "application/json")
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
        return LimitsResponse.of(visible(caller, accountId));
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
            windows.add(new WindowLimit(window(window.window()),
                    window.amount() == null ? null : Money.parseNonNegative(window.amount(), currency), window.count()));
        }
        AccountLimits limits = new AccountLimits(perPayment, windows);
        limits.requireValidFor(currency);
        return limits;
    }

    private static LimitWindow window(String name) {
        String given = InputRules.required(name, "window");
        return Arrays.stream(LimitWindow.values()).filter(w -> w.name().equals(given)).findFirst()
                .orElseThrow(() -> InputRules.invalid("window must be one of " + Arrays.toString(LimitWindow.values())));
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
