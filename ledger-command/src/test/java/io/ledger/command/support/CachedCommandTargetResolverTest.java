package io.ledger.command.support;

import io.ledger.messages.account.CheckCreditCommand;
import io.ledger.messages.account.CreditAccountCommand;
import io.ledger.messages.account.DebitAccountCommand;
import io.ledger.messages.account.FreezeAccountCommand;
import io.ledger.messages.common.Money;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.SettlePaymentCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CachedCommandTargetResolverTest {

    private final CachedCommandTargetResolver cached = new CachedCommandTargetResolver();
    private final AnnotationCommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();

    @Test
    void resolvesTheSameTargetAsAxonsResolverForTheLedgersCommands() {
        Money amount = Money.ofMinor(150, "USD");
        List<Object> commands = List.of(
                new CheckCreditCommand("bob-usd", "p-1", amount),
                new DebitAccountCommand("alice-usd", "p-1", amount),
                new CreditAccountCommand("bob-usd", "p-1", amount),
                new FreezeAccountCommand("alice-usd", "fraud"),
                new SettlePaymentCommand("p-1"),
                new InitiatePaymentCommand("p-2", "alice-usd", "bob-usd", amount, null, "key", "fp", "alice"));
        for (Object command : commands) {
            CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command);
            // Twice: the second answer comes from what the first one found.
            assertEquals(axon.resolveTarget(message), cached.resolveTarget(message));
            assertEquals(axon.resolveTarget(message), cached.resolveTarget(message));
        }
        assertEquals(new VersionedAggregateIdentifier("p-3", null),
                cached.resolveTarget(GenericCommandMessage.asCommandMessage(new SettlePaymentCommand("p-3"))));
    }

    static class Versioned {
        @TargetAggregateIdentifier
        private final String id;
        @TargetAggregateVersion
        private final long version;

        Versioned(String id, long version) {
            this.id = id;
            this.version = version;
        }
    }

    static class ByMethod {
        @TargetAggregateIdentifier
        String target() {
            return "from-method";
        }
    }

    @Test
    void readsAVersionFieldAndAnAnnotatedMethod() {
        assertEquals(new VersionedAggregateIdentifier("a-1", 7L),
                cached.resolveTarget(GenericCommandMessage.asCommandMessage(new Versioned("a-1", 7))));
        assertEquals(new VersionedAggregateIdentifier("from-method", null),
                cached.resolveTarget(GenericCommandMessage.asCommandMessage(new ByMethod())));
    }

    record Untargeted(String accountId) {
    }

    @Test
    void refusesACommandWithoutATargetOrWithANullOne() {
        IllegalArgumentException untargeted = assertThrows(IllegalArgumentException.class,
                () -> cached.resolveTarget(GenericCommandMessage.asCommandMessage(new Untargeted("x"))));
        assertTrue(untargeted.getMessage().contains("Untargeted"), untargeted.getMessage());
        IllegalArgumentException nullTarget = assertThrows(IllegalArgumentException.class,
                () -> cached.resolveTarget(GenericCommandMessage.asCommandMessage(new SettlePaymentCommand(null))));
        assertTrue(nullTarget.getMessage().contains("SettlePaymentCommand"), nullTarget.getMessage());
    }
}
