package io.scephub.sandbox;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class SandboxArchitectureTest {

    @Test
    void sandboxImportsNoProjectCode() throws Exception {
        // Importing only the module's own output keeps ArchUnit from scanning every jar on the class path.
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of(Sandbox.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        noClasses().that().resideInAPackage("io.scephub.sandbox..")
                .should().dependOnClassesThat().resideInAnyPackage("io.scephub.core..", "io.scephub.okta..",
                        "io.scephub.intune..", "io.scephub.jamf..", "io.scephub.workspaceone..", "io.scephub.hub..",
                        "io.scephub.config..")
                .check(classes);
    }
}
