package io.ledger.command.account;

import io.ledger.messages.account.SetOwnerLimitsCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Sets an owner's limits and tells each of the owner's accounts, in one unit of work and so one transaction (ADR
 * 0034): there is never an owner with limits whose accounts decide without them, nor the reverse. The accounts are
 * taken first, in id order, then the owner, as a settlement batch takes them (ADR 0018).
 */
class OwnerLimitsHandler {

    private final Repository<Account> accounts;
    private final Repository<OwnerLimits> owners;

    OwnerLimitsHandler(Repository<Account> accounts, Repository<OwnerLimits> owners) {
        this.accounts = accounts;
        this.owners = owners;
    }

    @CommandHandler
    void handle(SetOwnerLimitsCommand command) throws Exception {
        List<Aggregate<Account>> held = new ArrayList<>();
        for (String accountId : new TreeSet<>(command.accountIds() == null ? List.of() : command.accountIds())) {
            held.add(accounts.load(accountId));
        }
        owners.loadOrCreate(command.ownerKey(), OwnerLimits::new).execute(owner -> owner.set(command));
        for (Aggregate<Account> account : held) {
            account.execute(each -> each.assignOwnerLimits(command.ownerKey(), command.currency()));
        }
    }
}
