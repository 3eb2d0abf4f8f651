package io.rivalwatch.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Workers are thin: only they (and the workflow plumbing) touch the Camunda client. Feature services never do,
 * and nothing in a feature depends on a cloud or local adapter directly.
 */
@AnalyzeClasses(packages = "io.rivalwatch", importOptions = ImportOption.DoNotIncludeTests.class)
class LayerRulesTest {

  @ArchTest
  static final ArchRule onlyWorkersAndWorkflowUseTheCamundaClient =
      noClasses()
          .that().haveSimpleNameNotEndingWith("Worker")
          .and().haveSimpleNameNotEndingWith("Workers")
          .and().resideOutsideOfPackage("io.rivalwatch.workflow..")
          .should().dependOnClassesThat().resideInAnyPackage("io.camunda.client..", "io.camunda.zeebe..")
          .because("feature services must work without the engine; workers map their outcomes to job commands");

  @ArchTest
  static final ArchRule featuresDoNotDependOnAdapters =
      noClasses()
          .that().resideInAnyPackage("io.rivalwatch.planning..", "io.rivalwatch.research", "io.rivalwatch.analysis",
              "io.rivalwatch.synthesis..", "io.rivalwatch.distribution..", "io.rivalwatch.outcome..")
          .should().dependOnClassesThat().resideInAPackage("io.rivalwatch.adapters..")
          .because("features talk to outside systems through their own small interfaces");

  @ArchTest
  static final ArchRule workersLiveInTheirFeature =
      classes().that().haveSimpleNameEndingWith("Worker").or().haveSimpleNameEndingWith("Workers")
          .should().resideOutsideOfPackage("io.rivalwatch.adapters..");
}
