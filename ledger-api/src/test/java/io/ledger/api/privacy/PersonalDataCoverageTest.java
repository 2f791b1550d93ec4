package io.ledger.api.privacy;

import io.ledger.api.arch.LedgerEvents;
import io.ledger.messages.privacy.PersonalData;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every event component that holds personal data by its name — a principal ({@code …By}), an owner, a remittance
 * text, a beneficiary — is sealed (ADR 0021): an event added later with such a component unsealed fails here,
 * before it writes one personal value into the store in clear. Every event's plan is also checked to be valid.
 */
class PersonalDataCoverageTest {

    private static final Set<String> PERSONAL_NAMES = Set.of("ownerId", "remittanceInfo", "beneficiary");

    @Test
    void everyPersonalComponentOfEveryEventIsSealed() {
        List<String> unsealed = new ArrayList<>();
        List<Class<?>> events = LedgerEvents.all();
        for (Class<?> event : events) {
            PersonalDataSerializer.planOf(event); // throws for a subject left in clear
            for (RecordComponent component : event.getRecordComponents()) {
                boolean personal = PERSONAL_NAMES.contains(component.getName())
                        || component.getName().endsWith("By") && component.getType() == String.class;
                if (personal && component.getAnnotation(PersonalData.class) == null) {
                    unsealed.add(event.getSimpleName() + "." + component.getName());
                }
            }
        }
        assertTrue(events.size() > 30, "the events were found: " + events.size());
        assertEquals(List.of(), unsealed, "personal data stored in clear");
    }
}
