package io.ledger.api.config;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.payment.InitiatePaymentCommand;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A payment's external reference is unique per debtor account (issue 20): a set rule no single aggregate can
 * check. The reference is claimed in {@code payment_external_reference} inside the command's own transaction,
 * before the payment's first event: a second payment with the reference waits on the first's row and then
 * finds it taken; a replay of the same payment (same id) finds its own claim. Whatever rolls the command back
 * rolls the claim back with it.
 */
@Configuration(proxyBeanMethods = false)
public class ExternalReferenceGuard {

    @Bean
    public Object externalReferenceInterceptor(CommandBus commandBus, JdbcTemplate jdbc) {
        MessageHandlerInterceptor<CommandMessage<?>> interceptor = (unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof InitiatePaymentCommand command
                    && command.externalReference() != null) {
                claim(jdbc, command);
            }
            return chain.proceed();
        };
        return commandBus.registerHandlerInterceptor(interceptor);
    }

    static void claim(JdbcTemplate jdbc, InitiatePaymentCommand command) {
        jdbc.update("""
                insert into payment_external_reference (debtor_account_id, external_reference, payment_id)
                values (?, ?, ?) on conflict do nothing""",
                command.debtorAccountId(), command.externalReference(), command.paymentId());
        String holder = jdbc.queryForObject("""
                select payment_id from payment_external_reference where debtor_account_id = ? and external_reference = ?""",
                String.class, command.debtorAccountId(), command.externalReference());
        if (!command.paymentId().equals(holder)) {
            throw new LedgerException(ErrorCode.EXTERNAL_REFERENCE_TAKEN, "externalReference "
                    + command.externalReference() + " of account " + command.debtorAccountId()
                    + " is already used by payment " + holder);
        }
    }
}
