package io.rivalwatch.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layers of docs/architecture.md: every package of io.rivalwatch is a layer with an allow-list of the layers it
 * may use, and a class in a package that is not listed fails the build (so a new package is placed on purpose).
 * Dependencies point inward: the kernel uses nothing, the engine glue only the kernel, features their ports and the
 * layers below, adapters implement features' ports, the API and the application sit on top. The allow-lists are
 * exact: adding a dependency between packages is a decision, taken here and in docs/architecture.md.
 */
@AnalyzeClasses(packages = "io.rivalwatch", importOptions = ImportOption.DoNotIncludeTests.class)
class LayerRulesTest {

  /** Each layer and the layers it may use; kept in step with the table in docs/architecture.md. */
  static final Map<String, List<String>> MAY_USE = new LinkedHashMap<>();

  static {
    // the kernel: shared types and ports with no feature knowledge
    MAY_USE.put("failure", List.of());
    MAY_USE.put("observability", List.of());
    MAY_USE.put("memory", List.of());
    MAY_USE.put("text", List.of());
    MAY_USE.put("artefact", List.of("failure"));
    MAY_USE.put("resilience", List.of("artefact", "failure", "observability"));
    MAY_USE.put("audit", List.of("artefact"));
    // the engine glue: knows the engine, not the features
    MAY_USE.put("workflow", List.of("failure", "observability", "resilience"));
    // the run's configuration, which every later phase reads
    MAY_USE.put("planning", List.of("artefact", "audit", "memory", "workflow"));
    // the run's money: usage, prices, the budget policy and the port model adapters ask before a call
    MAY_USE.put("cost", List.of("artefact", "failure", "observability", "planning"));
    // the features, in the order of a run, and the views over runs
    MAY_USE.put("research", List.of("artefact", "failure", "memory", "observability", "planning", "resilience",
        "text", "workflow"));
    MAY_USE.put("analysis", List.of("artefact", "cost", "failure", "memory", "observability", "planning", "research",
        "resilience", "text", "workflow"));
    // the baseline of a watch list: its last delivered report, which "what changed" compares with
    MAY_USE.put("baseline", List.of("analysis", "artefact", "planning"));
    MAY_USE.put("synthesis", List.of("analysis", "artefact", "audit", "baseline", "cost", "failure", "memory",
        "observability", "planning", "research", "text", "workflow"));
    MAY_USE.put("review", List.of("artefact", "audit", "distribution", "failure", "observability", "planning",
        "workflow"));
    MAY_USE.put("distribution", List.of("artefact", "audit", "failure", "observability", "planning", "research",
        "resilience", "synthesis", "workflow"));
    MAY_USE.put("outcome", List.of("analysis", "artefact", "audit", "baseline", "cost", "distribution", "memory",
        "observability", "planning", "research", "trends", "workflow"));
    // each watch list's trends over nights, drawn when a run ends (outcome) from what the runs stored
    MAY_USE.put("trends", List.of("analysis", "artefact", "cost", "distribution", "failure", "planning", "research"));
    MAY_USE.put("progress", List.of("artefact", "cost", "resilience", "workflow"));
    MAY_USE.put("retention", List.of("artefact", "audit", "baseline", "memory", "outcome", "planning", "progress",
        "workflow"));
    // the schedules' dispatcher: reads watch lists' schedules, starts runs through the engine glue
    MAY_USE.put("schedule", List.of("artefact", "planning", "workflow"));
    MAY_USE.put("recovery", List.of("analysis", "audit", "distribution", "failure", "resilience", "synthesis"));
    // adapters implement the ports of the kernel and the features; they never use each other (but the local
    // wiring, which picks the local ones)
    MAY_USE.put("adapters", List.of("adapters.file", "adapters.localmemory", "analysis", "artefact", "memory",
        "synthesis"));
    MAY_USE.put("adapters.agentcore", List.of("failure", "memory", "resilience"));
    // workflow: the run phases' ids (RunPhase), which name the phase a model call is accounted to
    // artefact and planning: each run's pinned models and prompt texts (planning owns the port, RunPinning)
    MAY_USE.put("adapters.bedrock", List.of("analysis", "artefact", "cost", "failure", "memory", "planning",
        "research", "resilience", "synthesis", "text", "workflow"));
    MAY_USE.put("adapters.file", List.of("artefact"));
    MAY_USE.put("adapters.localmemory", List.of("memory"));
    MAY_USE.put("adapters.mail", List.of("distribution", "failure", "resilience"));
    MAY_USE.put("adapters.s3", List.of("artefact", "failure", "resilience", "retention"));
    MAY_USE.put("adapters.slack", List.of("distribution", "failure", "resilience"));
    MAY_USE.put("adapters.web", List.of("failure", "research", "resilience"));
    // the HTTP API (and its security) and the application
    // cost: the model-call audit and its CSV (operators)
    // synthesis: rebuilding a stored report revision (operators)
    MAY_USE.put("api", List.of("artefact", "audit", "cost", "planning", "progress", "recovery", "resilience",
        "retention", "synthesis", "workflow"));
    MAY_USE.put("application", List.of());
  }

  /**
   * The packages whose classes may use the Camunda client: the engine glue, and the homes of the job workers. The API
   * starts and cancels runs through the glue ({@code workflow.RunInstances}).
   */
  static final String[] ENGINE_USERS = {
      "io.rivalwatch.workflow..", "io.rivalwatch.planning..", "io.rivalwatch.research..",
      "io.rivalwatch.analysis..", "io.rivalwatch.synthesis..", "io.rivalwatch.review..",
      "io.rivalwatch.distribution..", "io.rivalwatch.outcome..", "io.rivalwatch.retention..",
      "io.rivalwatch.schedule.."};

  static LayeredArchitecture layers() {
    LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
        .ensureAllClassesAreContainedInArchitecture();
    for (String layer : MAY_USE.keySet()) {
      layers = layers.layer(layer).definedBy(packageOf(layer));
    }
    for (Map.Entry<String, List<String>> entry : MAY_USE.entrySet()) {
      layers = entry.getValue().isEmpty()
          ? layers.whereLayer(entry.getKey()).mayNotAccessAnyLayer()
          : layers.whereLayer(entry.getKey()).mayOnlyAccessLayers(entry.getValue().toArray(String[]::new));
    }
    return layers;
  }

  /** "adapters" is the adapters' own package only (the local wiring); any other layer takes its sub-packages. */
  static String packageOf(String layer) {
    return switch (layer) {
      case "application" -> "io.rivalwatch";
      case "adapters" -> "io.rivalwatch.adapters";
      default -> "io.rivalwatch." + layer + "..";
    };
  }

  @ArchTest
  static final ArchRule everyPackageKeepsToItsAllowList = layers();

  @ArchTest
  static final ArchRule noCyclesBetweenTopLevelPackages =
      slices().matching("io.rivalwatch.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule onlyTheEngineGlueAndTheWorkersHomesUseTheCamundaClient =
      noClasses().that().resideOutsideOfPackages(ENGINE_USERS)
          .should().dependOnClassesThat().resideInAnyPackage("io.camunda..")
          .because("the API, budget, progress, recovery, the kernel and the adapters work without the engine");

  /**
   * Inside the packages that may use the engine, a class that does is a leaf: the engine calls it (a job worker, a
   * deployer, a controller) and no other class of ours uses it, so services never reach the engine through it.
   */
  @ArchTest
  static final ArchRule classesThatUseTheEngineAreNotUsedByOtherClasses =
      classes().that(useTheCamundaClient()).and().resideOutsideOfPackage("io.rivalwatch.workflow..")
          .should(notBeUsedByOtherClasses())
          .because("feature services must work without the engine; workers map their outcomes to job commands");

  private static DescribedPredicate<JavaClass> useTheCamundaClient() {
    return DescribedPredicate.describe("use the Camunda client", c -> c.getDirectDependenciesFromSelf().stream()
        .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("io.camunda.")));
  }

  private static ArchCondition<JavaClass> notBeUsedByOtherClasses() {
    return new ArchCondition<>("not be used by other classes of io.rivalwatch") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        for (Dependency d : item.getDirectDependenciesToSelf()) {
          JavaClass origin = d.getOriginClass();
          if (!topLevel(origin).equals(topLevel(item)) && origin.getPackageName().startsWith("io.rivalwatch")) {
            events.add(SimpleConditionEvent.violated(item, d.getDescription()));
          }
        }
      }
    };
  }

  /** The class itself for a nested class, so a worker's own records and lambdas count as the worker. */
  private static String topLevel(JavaClass c) {
    String name = c.getName();
    int nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
  }
}
