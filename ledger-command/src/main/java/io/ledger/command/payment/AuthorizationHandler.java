package io.ledger.command.payment;

import io.ledger.command.account.AccountLocks;
import io.ledger.messages.account.Direction;
import io.ledger.messages.account.PostHoldCommand;
import io.ledger.messages.account.ReleaseHoldCommand;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.payment.CapturePaymentCommand;
import io.ledger.messages.payment.PaymentReceipt;
import io.ledger.messages.payment.VoidPaymentCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

/**
 * Ends an authorization by request: a capture posts the captured amount of both holds (the rest of the
 * debtor's goes back to its available balance), a void releases both. The payment decides first, under its
 * lock; the account commands then run in the same unit of work and commit with it, so a payment is never
 * SETTLED or VOIDED with its holds still in place, and never ended twice (ADR 0016). The expiry deadline
 * does the same from the payment itself ({@link Payment#onExpiry}).
 */
class AuthorizationHandler {

    private final Repository<Payment> payments;
    private final CommandGateway commands;

    AuthorizationHandler(Repository<Payment> payments, CommandGateway commands) {
        this.payments = payments;
        this.commands = commands;
    }

    @CommandHandler
    PaymentReceipt handle(CapturePaymentCommand command) {
        Aggregate<Payment> payment = load(command.paymentId());
        Money captured = payment.invoke(p -> p.capture(command.amount(), command.requestedBy(), command.idempotencyKey()));
        if (captured != null) {
            AccountLocks.inIdOrder(commands,
                    debtor(payment), new PostHoldCommand(debtor(payment), command.paymentId(), Direction.DEBIT, captured),
                    creditor(payment), new PostHoldCommand(creditor(payment), command.paymentId(), Direction.CREDIT, captured));
        }
        return new PaymentReceipt(command.paymentId(), payment.invoke(Payment::status), captured == null);
    }

    @CommandHandler
    PaymentReceipt handle(VoidPaymentCommand command) {
        Aggregate<Payment> payment = load(command.paymentId());
        boolean voided = payment.invoke(p -> p.voidAuthorization(command.requestedBy(), command.idempotencyKey()));
        if (voided) {
            AccountLocks.inIdOrder(commands,
                    debtor(payment), new ReleaseHoldCommand(debtor(payment), command.paymentId(), Direction.DEBIT),
                    creditor(payment), new ReleaseHoldCommand(creditor(payment), command.paymentId(), Direction.CREDIT));
        }
        return new PaymentReceipt(command.paymentId(), payment.invoke(Payment::status), !voided);
    }

    private Aggregate<Payment> load(String paymentId) {
        try {
            return payments.load(paymentId);
        } catch (AggregateNotFoundException e) {
            throw new LedgerException(ErrorCode.PAYMENT_NOT_FOUND, "payment " + paymentId + " does not exist");
        }
    }

    private static String debtor(Aggregate<Payment> payment) {
        return payment.invoke(Payment::debtorAccountId);
    }

    private static String creditor(Aggregate<Payment> payment) {
        return payment.invoke(Payment::creditorAccountId);
    }
}
