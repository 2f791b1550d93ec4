package io.ledger.command.payment;

import io.ledger.command.account.AccountLocks;
import io.ledger.messages.account.Direction;
import io.ledger.messages.account.PostHoldCommand;
import io.ledger.messages.account.ReleaseHoldCommand;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.payment.ApproveReviewCommand;
import io.ledger.messages.payment.DeclineReviewCommand;
import io.ledger.messages.payment.PaymentReceipt;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import java.util.function.Supplier;

/**
 * Ends a review by an analyst's decision (ADR 0026), as {@link AuthorizationHandler} ends an authorization: the
 * payment decides first, under its lock, then the holds move in the same unit of work. An approval posts both
 * holds (or, for a MANUAL payment, keeps them: it is AUTHORIZED); a decline releases them. The review deadline
 * does the same as a decline from the payment itself ({@link Payment#onReviewDeadline}).
 */
class ReviewHandler {

    private final Repository<Payment> payments;
    private final CommandGateway commands;
    private final Supplier<DeadlineManager> deadlines;

    ReviewHandler(Repository<Payment> payments, CommandGateway commands, Supplier<DeadlineManager> deadlines) {
        this.payments = payments;
        this.commands = commands;
        this.deadlines = deadlines;
    }

    @CommandHandler
    PaymentReceipt handle(ApproveReviewCommand command) {
        Aggregate<Payment> payment = load(command.paymentId());
        boolean settles = payment.invoke(p -> p.approve(command.approvedBy(), deadlines.get()));
        if (settles) {
            Money amount = payment.invoke(Payment::amount);
            String debtor = payment.invoke(Payment::debtorAccountId);
            String creditor = payment.invoke(Payment::creditorAccountId);
            AccountLocks.inIdOrder(commands,
                    debtor, new PostHoldCommand(debtor, command.paymentId(), Direction.DEBIT, amount),
                    creditor, new PostHoldCommand(creditor, command.paymentId(), Direction.CREDIT, amount));
        }
        return new PaymentReceipt(command.paymentId(), payment.invoke(Payment::status), false);
    }

    @CommandHandler
    PaymentReceipt handle(DeclineReviewCommand command) {
        Aggregate<Payment> payment = load(command.paymentId());
        payment.execute(p -> p.decline(command.declinedBy()));
        String debtor = payment.invoke(Payment::debtorAccountId);
        String creditor = payment.invoke(Payment::creditorAccountId);
        AccountLocks.inIdOrder(commands,
                debtor, new ReleaseHoldCommand(debtor, command.paymentId(), Direction.DEBIT),
                creditor, new ReleaseHoldCommand(creditor, command.paymentId(), Direction.CREDIT));
        return new PaymentReceipt(command.paymentId(), payment.invoke(Payment::status), false);
    }

    private Aggregate<Payment> load(String paymentId) {
        try {
            return payments.load(paymentId);
        } catch (AggregateNotFoundException e) {
            throw new LedgerException(ErrorCode.PAYMENT_NOT_FOUND, "payment " + paymentId + " does not exist");
        }
    }
}
