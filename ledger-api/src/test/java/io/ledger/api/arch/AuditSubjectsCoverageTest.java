package io.ledger.api.arch;

import io.ledger.messages.audit.AuditedAs;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit trail files an event under the accounts and payment its {@link AuditedAs} views name (issue 24): an event
 * added later with an account or payment id field but without its view would drop out of the audit filters and the
 * trace without a sound. It fails here instead.
 */
class AuditSubjectsCoverageTest {

    private static final Map<String, Class<?>> VIEWS = Map.of(
            "accountId", AuditedAs.OfAccount.class,
            "debtorAccountId", AuditedAs.FromAccount.class,
            "creditorAccountId", AuditedAs.ToAccount.class,
            "paymentId", AuditedAs.OfPayment.class);

    @Test
    void everyEventWithAnAccountOrPaymentIdSaysSoToTheAuditTrail() {
        List<String> unfiled = new ArrayList<>();
        List<Class<?>> events = LedgerEvents.all();
        for (Class<?> event : events) {
            for (RecordComponent component : event.getRecordComponents()) {
                Class<?> view = VIEWS.get(component.getName());
                if (view != null && component.getType() == String.class && !view.isAssignableFrom(event)) {
                    unfiled.add(event.getSimpleName() + "." + component.getName());
                }
            }
        }
        assertTrue(events.size() > 30, "the events were found: " + events.size());
        assertEquals(List.of(), unfiled, "events whose accounts or payment the audit filters would not find");
    }
}
