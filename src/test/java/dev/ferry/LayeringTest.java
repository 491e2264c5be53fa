package dev.ferry;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the layers of ARCHITECTURE.md true: a layer never imports one above it. */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ferry");
    }

    @Test
    void layersOnlyLookDown() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("multiformats").definedBy("dev.ferry.multiformats..")
                .layer("crypto").definedBy("dev.ferry.crypto..")
                .layer("identity").definedBy("dev.ferry.identity..")
                .layer("store").definedBy("dev.ferry.store..")
                .layer("dag").definedBy("dev.ferry.dag..")
                .layer("net").definedBy("dev.ferry.net..")
                .layer("exchange").definedBy("dev.ferry.exchange..")
                .layer("pubsub").definedBy("dev.ferry.pubsub..")
                .layer("routing").definedBy("dev.ferry.routing..")
                .layer("policy").definedBy("dev.ferry.policy..")
                .layer("node").definedBy("dev.ferry.node..")
                .layer("api").definedBy("dev.ferry.api..")
                .layer("cli").definedBy("dev.ferry.cli..")
                .layer("main").definedBy("dev.ferry")
                .whereLayer("multiformats").mayOnlyBeAccessedByLayers("identity", "store", "dag", "net", "exchange", "pubsub", "routing", "policy", "node", "api", "cli")
                .whereLayer("crypto").mayOnlyBeAccessedByLayers("identity", "net", "pubsub", "routing", "policy", "node", "api", "cli")
                .whereLayer("identity").mayOnlyBeAccessedByLayers("net", "exchange", "pubsub", "routing", "policy", "node", "api", "cli")
                .whereLayer("store").mayOnlyBeAccessedByLayers("dag", "exchange", "routing", "policy", "node", "api", "cli")
                .whereLayer("dag").mayOnlyBeAccessedByLayers("routing", "policy", "node", "api", "cli")
                .whereLayer("net").mayOnlyBeAccessedByLayers("exchange", "pubsub", "routing", "policy", "node", "api", "cli")
                .whereLayer("exchange").mayOnlyBeAccessedByLayers("routing", "policy", "node", "api", "cli")
                .whereLayer("pubsub").mayOnlyBeAccessedByLayers("routing", "policy", "node", "api", "cli")
                .whereLayer("routing").mayOnlyBeAccessedByLayers("policy", "node", "api", "cli")
                .whereLayer("policy").mayOnlyBeAccessedByLayers("node", "api", "cli")
                .whereLayer("node").mayOnlyBeAccessedByLayers("api", "cli")
                .whereLayer("api").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("cli").mayOnlyBeAccessedByLayers("main")
                .check(classes);
    }

    @Test
    void netSublayers() {
        // inside net: transport is the bottom; the protocol layers see only transport
        for (String p : new String[] {"pnet", "multistream", "security", "mux"}) {
            noClasses().that().resideInAPackage("dev.ferry.net." + p + "..")
                    .should().dependOnClassesThat().resideInAnyPackage("dev.ferry.net.host..", "dev.ferry.net.identify..", "dev.ferry.net.ping..")
                    .allowEmptyShould(true)
                    .check(classes);
        }
        noClasses().that().resideInAPackage("dev.ferry.net.transport..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ferry.net.pnet..", "dev.ferry.net.multistream..", "dev.ferry.net.security..", "dev.ferry.net.mux..", "dev.ferry.net.host..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void noCyclesBetweenTopLevelPackages() {
        slices().matching("dev.ferry.(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(classes);
    }

    @Test
    void librariesStayInTheirLayers() {
        noClasses().that().resideOutsideOfPackage("dev.ferry.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideOutsideOfPackages("dev.ferry.api..", "dev.ferry.node..", "dev.ferry.cli..")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
                .allowEmptyShould(true).check(classes);
        // generated protobuf classes live in ..wire.. packages; the rest of the code sees records
        noClasses().that().resideOutsideOfPackage("..wire..")
                .should().dependOnClassesThat().resideInAPackage("com.google.protobuf..")
                .allowEmptyShould(true).check(classes);
    }
}
