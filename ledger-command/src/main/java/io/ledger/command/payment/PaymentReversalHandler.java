package io.ledger.command.payment;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.payment.PaymentReversalRequestedEvent;
import io.ledger.messages.payment.ReversePaymentCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

/**
 * Starts a reversal: marks the original payment and creates the reversal payment in one unit of
 * work, so there is never a reversal without its mark or a mark without its reversal.
 */
class PaymentReversalHandler {

    private final Repository<Payment> payments;

    PaymentReversalHandler(Repository<Payment> payments) {
        this.payments = payments;
    }

    @CommandHandler
    String handle(ReversePaymentCommand command) throws Exception {
        var original = loadOriginal(command.paymentId());
        Payment.ReversalTerms terms = original.invoke(payment ->
                payment.requestReversal(command.reversalPaymentId(), command.requestedBy(), command.remittanceInfo()));
        PaymentReversalRequestedEvent request = new PaymentReversalRequestedEvent(
                command.paymentId(), command.reversalPaymentId(), command.requestedBy());
        payments.newInstance(() -> Payment.reversalOf(command.reversalPaymentId(), request, terms));
        return command.reversalPaymentId();
    }

    private org.axonframework.modelling.command.Aggregate<Payment> loadOriginal(String paymentId) {
        try {
            return payments.load(paymentId);
        } catch (AggregateNotFoundException e) {
            throw new LedgerException(ErrorCode.PAYMENT_NOT_FOUND, "payment " + paymentId + " does not exist");
        }
    }
}
