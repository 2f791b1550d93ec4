package io.ledger.api.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import java.util.ArrayList;
import java.util.List;

/** Every event of the contract: the records of io.ledger.messages whose names end in Event, for coverage tests. */
public final class LedgerEvents {

    private LedgerEvents() {
    }

    public static List<Class<?>> all() {
        List<Class<?>> events = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.ledger.messages")) {
            Class<?> event = type.reflect();
            if (event.isRecord() && event.getSimpleName().endsWith("Event")) {
                events.add(event);
            }
        }
        return events;
    }
}
