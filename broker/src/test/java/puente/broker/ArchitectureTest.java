package puente.broker;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.junit.jupiter.api.Test;

/**
 * The broker's packages form layers without cycles; the build fails, not a review, when one creeps
 * in. From the top: the composition root ({@code puente.broker}: {@link Broker}, the command line);
 * the edges that translate ({@code grpc}, {@code http}, {@code admin}); the session core ({@code
 * session}); the domain ({@code relay}, {@code ticket}, {@code policy}, {@code cluster}, {@code
 * auth}); the store, which persists what the domain decided through the domain's own interfaces
 * ({@code TicketLog}, {@code CaseBook}, {@code LicenceBook}, {@code Accounts}); and at the base
 * what every layer may use ({@code refusal}, {@code text}, {@code i18n}, {@code time}, {@code
 * metrics}, {@code config}).
 */
class ArchitectureTest {
  static final JavaClasses BROKER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("puente.broker");

  @Test
  void packagesHaveNoCycles() {
    slices().matching("puente.broker.(*)..").should().beFreeOfCycles().check(BROKER);
  }

  @Test
  void eachLayerUsesOnlyTheLayersBelowIt() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Root")
        .definedBy("puente.broker", "puente.broker.admin..")
        .layer("Edges")
        .definedBy("puente.broker.grpc..", "puente.broker.http..")
        .layer("Session")
        .definedBy("puente.broker.session..")
        .layer("Domain")
        .definedBy(
            "puente.broker.relay..",
            "puente.broker.ticket..",
            "puente.broker.policy..",
            "puente.broker.cluster..",
            "puente.broker.auth..")
        .layer("Store")
        .definedBy("puente.broker.store..")
        .layer("Base")
        .definedBy(
            "puente.broker.refusal..",
            "puente.broker.text..",
            "puente.broker.i18n..",
            "puente.broker.time..",
            "puente.broker.metrics..",
            "puente.broker.config..")
        .whereLayer("Root")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Edges")
        .mayOnlyBeAccessedByLayers("Root")
        .whereLayer("Session")
        .mayOnlyBeAccessedByLayers("Root", "Edges")
        .whereLayer("Store")
        .mayOnlyBeAccessedByLayers("Root", "Edges")
        .whereLayer("Domain")
        .mayOnlyBeAccessedByLayers("Root", "Edges", "Session", "Store")
        .check(BROKER);
  }

  @Test
  void domainCodeTakesItsTimeFromTheConstructor() {
    ArchRuleDefinition.noClasses()
        .that()
        .resideInAnyPackage(
            "puente.broker.session..",
            "puente.broker.ticket..",
            "puente.broker.policy..",
            "puente.broker.cluster..")
        .should()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(com.github.benmanes.caffeine.cache.Ticker.class, "systemTicker")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(java.time.Clock.class, "systemUTC")
        .because("time is injected so that tests advance it instead of sleeping")
        .check(BROKER);
  }
}
