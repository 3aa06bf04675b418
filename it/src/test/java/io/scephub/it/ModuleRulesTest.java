package io.scephub.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules of ARCHITECTURE.md, checked on the compiled production classes. */
class ModuleRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.scephub");
    }

    @Test
    void coreDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("io.scephub.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.scephub.config..", "io.scephub.okta..",
                        "io.scephub.intune..", "io.scephub.jamf..", "io.scephub.workspaceone..", "io.scephub.hub..",
                        "io.scephub.sandbox..")
                .check(classes);
    }

    @Test
    void connectorsDependOnlyOnCore() {
        for (String connector : new String[] {"okta", "intune", "jamf", "workspaceone"}) {
            noClasses().that().resideInAPackage("io.scephub." + connector + "..")
                    .should().dependOnClassesThat().resideInAnyPackage("io.scephub.config..", "io.scephub.hub..",
                            "io.scephub.sandbox..")
                    .check(classes);
        }
        noClasses().that().resideInAPackage("io.scephub.okta..")
                .should().dependOnClassesThat().resideInAnyPackage("io.scephub.intune..", "io.scephub.jamf..", "io.scephub.workspaceone..")
                .check(classes);
        noClasses().that().resideInAPackage("io.scephub.intune..")
                .should().dependOnClassesThat().resideInAnyPackage("io.scephub.okta..", "io.scephub.jamf..", "io.scephub.workspaceone..")
                .check(classes);
    }

    @Test
    void graphTypesStayInsideTheIntuneModule() {
        noClasses().that().resideOutsideOfPackage("io.scephub.intune..")
                .should().dependOnClassesThat().resideInAnyPackage("com.microsoft.graph..", "com.microsoft.kiota..")
                .check(classes);
    }

    @Test
    void sandboxImportsNoProjectCode() {
        noClasses().that().resideInAPackage("io.scephub.sandbox..")
                .should().dependOnClassesThat().resideInAnyPackage("io.scephub.core..", "io.scephub.config..",
                        "io.scephub.okta..", "io.scephub.intune..", "io.scephub.hub..")
                .check(classes);
    }

    @Test
    void hubNamesNoConnectorClass() {
        noClasses().that().resideInAPackage("io.scephub.hub..")
                .should().dependOnClassesThat().resideInAnyPackage("io.scephub.okta..", "io.scephub.intune..",
                        "io.scephub.jamf..", "io.scephub.workspaceone..")
                .check(classes);
    }

    @Test
    void hubRuntimeCarriesNoSandbox() {
        noClasses().that().resideInAPackage("io.scephub.hub..")
                .should().dependOnClassesThat().resideInAnyPackage("io.scephub.sandbox..", "io.scephub.demo..",
                        "com.github.tomakehurst.wiremock..")
                .check(classes);
    }
}
