package io.ledger.api.web;

import io.ledger.api.security.Caller;
import io.ledger.api.security.Scope;
import io.ledger.messages.account.AccountAsOf;
import io.ledger.messages.account.AccountPage;
import io.ledger.messages.account.AccountStatus;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.AccountView;
import io.ledger.messages.account.CloseAccountCommand;
import io.ledger.messages.account.EntryPage;
import io.ledger.messages.account.FindAccountAsOfQuery;
import io.ledger.messages.account.FreezeAccountCommand;
import io.ledger.messages.account.ListAccountEntriesQuery;
import io.ledger.messages.account.ListAccountsQuery;
import io.ledger.messages.account.OpenAccountCommand;
import io.ledger.messages.account.OwnerLimitsView;
import io.ledger.messages.account.UnfreezeAccountCommand;
import io.ledger.messages.privacy.PersonalData;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.function.Predicate;

@RestController
@RequestMapping(path = "/v1/accounts", produces = "application/json")
public class AccountController {

    private final LedgerGateway ledger;

    private final AuditController audit;

    AccountController(LedgerGateway ledger, AuditController audit) {
        this.ledger = ledger;
        this.audit = audit;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<AccountResponse> open(Caller caller, @RequestBody OpenAccountRequest body) {
        if (body == null) {
            throw InputRules.invalid("a JSON body is required");
        }
        String accountId = body.accountId() == null ? Ids.newAccountId() : Ids.requireAccountId(body.accountId());
        String ownerId = InputRules.text(body.ownerId() == null ? caller.subject() : body.ownerId(), "ownerId", 255);
        InputRules.required(ownerId, "ownerId");
        if (PersonalData.ERASED.equals(ownerId)) {
            throw InputRules.invalid("ownerId " + PersonalData.ERASED + " is what an erased owner reads as");
        }
        String currency = InputRules.required(body.currency(), "currency");
        if (body.type() == null) {
            throw InputRules.invalid("type is required: WALLET, MERCHANT or SYSTEM");
        }
        Money limit = Money.parseNonNegative(body.overdraftLimit() == null ? "0" : body.overdraftLimit(), currency);
        if (!caller.has(Scope.ADMIN)) {
            // A wallet acts for itself only, and may not grant itself credit.
            if (body.type() != AccountType.WALLET || !ownerId.equals(caller.subject()) || limit.isPositive()) {
                throw new LedgerException(ErrorCode.FORBIDDEN,
                        "a wallet token opens WALLET accounts for its own subject, without overdraft");
            }
        }
        // A customer account of an owner with limits in its currency is decided by them from its first debit (ADR 0034).
        String ownerLimits = body.type().isBankPosition() ? null : ledger.ownerLimitsAlone(ownerId, currency)
                .map(OwnerLimitsView::ownerKey).orElse(null);
        try {
            ledger.send(new OpenAccountCommand(accountId, ownerId, body.type(), limit, ownerLimits), caller);
        } catch (AggregateStreamCreationException e) {
            throw new LedgerException(ErrorCode.ACCOUNT_ALREADY_EXISTS, "account " + accountId + " already exists");
        }
        AccountView view = ledger.awaitAccount(accountId, v -> true)
                .orElseThrow(() -> new LedgerException(ErrorCode.SERVICE_UNAVAILABLE,
                        "account " + accountId + " was opened but is not readable yet; retry GET later"));
        return ResponseEntity.created(URI.create("/v1/accounts/" + accountId)).body(AccountResponse.of(view));
    }

    @GetMapping("/{accountId}")
    public AccountResponse get(Caller caller, @PathVariable String accountId,
                               @RequestParam(required = false) String asOf,
                               @RequestParam(required = false) Long asOfPosition) {
        AccountView now = visibleAccount(caller, accountId);
        if (asOf == null && asOfPosition == null) {
            return AccountResponse.of(now);
        }
        if (asOf != null && asOfPosition != null) {
            throw InputRules.invalid("asOf or asOfPosition, not both");
        }
        if (asOfPosition != null && asOfPosition < 0) {
            throw InputRules.invalid("asOfPosition is an event position, 0 or more");
        }
        Instant at = asOf == null ? null : InputRules.instant(asOf, "asOf");
        AccountAsOf then = ledger.query(new FindAccountAsOfQuery(accountId, at, asOfPosition), AccountAsOf.class);
        if (!then.indexed()) {
            throw new LedgerException(ErrorCode.BALANCE_HISTORY_NOT_INDEXED, "this account's balances are indexed from "
                    + then.indexedFrom() + " on; rebuilding the read models indexes its history before that");
        }
        if (then.account() == null) {
            throw new LedgerException(ErrorCode.ACCOUNT_NOT_FOUND, "the account did not exist then");
        }
        return AccountResponse.of(then.account());
    }

    @GetMapping
    public PageResponse<AccountResponse> list(Caller caller,
                                       @RequestParam(required = false) String owner,
                                       @RequestParam(required = false) AccountStatus status,
                                       @RequestParam(required = false) AccountType type,
                                       @RequestParam(required = false) String cursor,
                                       @RequestParam(required = false) Integer limit) {
        String ownerFilter = InputRules.text(owner, "owner", 255);
        if (!caller.hasAny(Scope.BACKOFFICE, Scope.ADMIN)) {
            // A wallet lists its own accounts whatever filter it asks for.
            if (ownerFilter != null && !ownerFilter.equals(caller.subject())) {
                return new PageResponse<>(java.util.List.of(), null);
            }
            ownerFilter = caller.subject();
        }
        AccountPage page = ledger.query(new ListAccountsQuery(ownerFilter, status, type,
                InputRules.text(cursor, "cursor", 512), InputRules.pageSize(limit)), AccountPage.class);
        return new PageResponse<>(page.items().stream().map(AccountResponse::of).toList(), page.nextCursor());
    }

    @GetMapping("/{accountId}/entries")
    public PageResponse<EntryResponse> entries(Caller caller, @PathVariable String accountId,
                                        @RequestParam(required = false) String cursor,
                                        @RequestParam(required = false) Integer limit) {
        visibleAccount(caller, accountId);
        EntryPage page = ledger.query(new ListAccountEntriesQuery(accountId, InputRules.text(cursor, "cursor", 512),
                InputRules.pageSize(limit)), EntryPage.class);
        return new PageResponse<>(page.items().stream().map(EntryResponse::of).toList(), page.nextCursor());
    }

    /**
     * The signed statement of an account between two times (issue 22): opening and closing posted balances and the
     * postings between, with the account's audit records and their proofs to signed checkpoints, verifiable offline
     * with verify-export. The owner's wallet, the back office, compliance and the admin may read it.
     */
    @GetMapping(path = "/{accountId}/statement", produces = "application/x-ndjson")
    public ResponseEntity<StreamingResponseBody> statement(Caller caller, @PathVariable String accountId,
                                                           @RequestParam(required = false) String from,
                                                           @RequestParam(required = false) String to) {
        Instant start = InputRules.instant(InputRules.required(from, "from"), "from");
        Instant end = InputRules.instant(InputRules.required(to, "to"), "to");
        if (!start.isBefore(end)) {
            throw InputRules.invalid("from must be before to");
        }
        if (!Ids.ACCOUNT_ID.matcher(accountId).matches() || ledger.account(accountId)
                .filter(view -> caller.hasAny(Scope.BACKOFFICE, Scope.ADMIN, Scope.COMPLIANCE)
                        || view.ownerId().equals(caller.subject())).isEmpty()) {
            throw notFound(accountId);
        }
        return audit.statement(accountId, start, end);
    }

    @PostMapping("/{accountId}/freeze")
    public AccountResponse freeze(Caller caller, @PathVariable String accountId,
                           @RequestBody(required = false) NoteRequest body) {
        String reason = body == null ? null : InputRules.text(body.reason(), "reason", 500);
        return change(caller, accountId, new FreezeAccountCommand(Ids.requireAccountId(accountId), reason),
                v -> v.status() == AccountStatus.FROZEN);
    }

    @PostMapping("/{accountId}/unfreeze")
    public AccountResponse unfreeze(Caller caller, @PathVariable String accountId) {
        return change(caller, accountId, new UnfreezeAccountCommand(Ids.requireAccountId(accountId)),
                v -> v.status() == AccountStatus.ACTIVE);
    }

    @PostMapping("/{accountId}/close")
    AccountResponse close(Caller caller, @PathVariable String accountId) {
        return change(caller, accountId, new CloseAccountCommand(Ids.requireAccountId(accountId)),
                v -> v.status() == AccountStatus.CLOSED);
    }

    private AccountResponse change(Caller caller, String accountId, Object command, Predicate<AccountView> done) {
        try {
            ledger.send(command, caller);
        } catch (AggregateNotFoundException e) {
            throw notFound(accountId);
        }
        return ledger.awaitAccount(accountId, done).map(AccountResponse::of).orElseThrow(() -> notFound(accountId));
    }

    /** The account if this caller may see it; otherwise 404, so a wallet cannot probe others' ids. */
    private AccountView visibleAccount(Caller caller, String accountId) {
        if (!Ids.ACCOUNT_ID.matcher(accountId).matches()) {
            throw notFound(accountId);
        }
        return ledger.account(accountId)
                .filter(view -> caller.hasAny(Scope.BACKOFFICE, Scope.ADMIN) || view.ownerId().equals(caller.subject()))
                .orElseThrow(() -> notFound(accountId));
    }

    static LedgerException notFound(String accountId) {
        return new LedgerException(ErrorCode.ACCOUNT_NOT_FOUND, "no such account");
    }
}
