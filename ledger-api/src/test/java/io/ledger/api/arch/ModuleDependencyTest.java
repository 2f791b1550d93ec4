package io.ledger.api.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** ledger-api -> {ledger-command, ledger-query} -> ledger-messages -> ledger-audit, and nothing else. */
class ModuleDependencyTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.ledger");
        // The rules below are only as good as the import: every module must be on the class path.
        for (String probe : new String[] {"io.ledger.audit.VerifyExport", "io.ledger.messages.common.Money", "io.ledger.command.payment.PaymentSaga",
                "io.ledger.query.balance.AccountProjection", "io.ledger.api.web.PaymentController"}) {
            assertTrue(classes.contain(probe), probe + " was not imported");
        }
    }

    /** What an auditor runs offline needs nothing of the service: no other module, no Axon, no Spring (ADR 0029). */
    @Test
    void auditFormatDependsOnNoOtherModuleNorOnAFramework() {
        noClasses().that().resideInAPackage("io.ledger.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ledger.messages..", "io.ledger.command..",
                        "io.ledger.query..", "io.ledger.api..", "org.axonframework..", "org.springframework..",
                        "jakarta.persistence..")
                .check(classes);
    }

    @Test
    void messagesDependOnNoOtherModuleNorOnSpringOrJpa() {
        noClasses().that().resideInAPackage("io.ledger.messages..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ledger.command..", "io.ledger.query..",
                        "io.ledger.api..", "org.springframework..", "jakarta.persistence..", "org.hibernate..")
                .check(classes);
    }

    @Test
    void commandAndQuerySidesNeverSeeEachOther() {
        noClasses().that().resideInAPackage("io.ledger.command..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ledger.query..", "io.ledger.api..")
                .check(classes);
        noClasses().that().resideInAPackage("io.ledger.query..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ledger.command..", "io.ledger.api..")
                .check(classes);
    }

    @Test
    void controllersTouchGatewaysAndMessagesOnly() {
        noClasses().that().resideInAPackage("io.ledger.api.web..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ledger.command..", "io.ledger.query..",
                        "org.springframework.jdbc..", "jakarta.persistence..")
                .check(classes);
    }

    /** The application's packages depend on each other one way only (web -> security, never back). */
    @Test
    void applicationPackagesHaveNoCycles() {
        slices().matching("io.ledger.api.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void commandSideStaysFreeOfSpring() {
        noClasses().that().resideInAPackage("io.ledger.command..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(classes);
    }
}
