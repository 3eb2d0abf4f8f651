package io.rivalwatch.adapters.agentcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rivalwatch.fakes.AgentCoreFake;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryQuery;
import io.rivalwatch.memory.MemoryStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The Spring wiring: the adapter switches on with {@code rivalwatch.memory.store=agentcore}, runs the bootstrap
 * when asked, and refuses to start, naming the property to fix, when the memory cannot be used.
 */
@ExtendWith(OutputCaptureExtension.class)
class AgentCoreAdapterTest {

  private AgentCoreFake fake;

  @BeforeAll
  static void credentials() {
    AgentCoreFake.useDummyCredentials();
  }

  @BeforeEach
  void start() {
    fake = AgentCoreFake.start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private ApplicationContextRunner runner(String memoryId, String... more) {
    return new ApplicationContextRunner()
        .withUserConfiguration(AgentCoreAdapter.class)
        .withPropertyValues(fake.springPropertyPairs(memoryId))
        .withPropertyValues("rivalwatch.agentcore.bootstrap.poll-interval=10ms")
        .withPropertyValues(more);
  }

  @Test
  void startsWithAnExistingMemoryAndRecordsThroughIt() {
    String memoryId = fake.createMemory("rivalwatch");

    runner(memoryId).run(context -> {
      assertThat(context).hasNotFailed();
      MemoryStore memory = context.getBean(MemoryStore.class);
      assertThat(memory).isInstanceOf(AgentCoreMemoryStore.class);
      memory.record(new MemoryEntry("run-1/outcome", "runs", "run-1", "outcome", null, "delivered",
          "Run run-1 delivered its report", Instant.parse("2025-03-01T02:00:00Z")));
      assertThat(memory.search(MemoryQuery.inRun("runs", "how did the run end? delivered report", 3, "run-1")))
          .isNotEmpty();
    });
    assertThat(fake.requests("GetMemory")).hasSize(1);
    assertThat(fake.requests("CreateMemory")).isEmpty();
  }

  @Test
  void oneServiceUnavailableOnTheMemoryCheckIsAskedAgain_andStartUpGoesOn() {
    String memoryId = fake.createMemory("rivalwatch");
    fake.failNext("GetMemory", 1, 503, "ServiceUnavailableException", "Service unavailable");

    runner(memoryId).withBean(io.rivalwatch.resilience.ResilienceProperties.class, () -> startUpRetries(3))
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(MemoryStore.class));
    assertThat(fake.requests("GetMemory")).hasSize(2);
  }

  @Test
  void aMemoryCheckThatKeepsFailingStopsStartUpAfterItsAttempts() {
    String memoryId = fake.createMemory("rivalwatch");
    fake.failNext("GetMemory", 10, 500, "InternalServerException", "Internal failure");

    runner(memoryId).withBean(io.rivalwatch.resilience.ResilienceProperties.class, () -> startUpRetries(3))
        .run(context -> {
          assertThat(context).hasFailed();
          FailureAnalysis analysis = analyse(context.getStartupFailure());
          assertThat(analysis.getDescription()).contains("checking memory '" + memoryId + "' failed (asked a few times)");
          assertThat(analysis.getAction()).contains("rivalwatch.agentcore.");
        });
    assertThat(fake.requests("GetMemory")).hasSize(3);
  }

  private static io.rivalwatch.resilience.ResilienceProperties startUpRetries(int attempts) {
    return new io.rivalwatch.resilience.ResilienceProperties(null, null, null, null, null,
        new io.rivalwatch.resilience.ResilienceProperties.Startup(attempts, java.time.Duration.ofMillis(50)));
  }

  @Test
  void staysOffUnlessAgentCoreIsChosen() {
    new ApplicationContextRunner().withUserConfiguration(AgentCoreAdapter.class)
        .withPropertyValues("rivalwatch.memory.store=local")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MemoryStore.class));
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void anUnknownMemoryIdStopsStartUpNamingThePropertyToFix() {
    runner("missing-0123456789").run(context -> {
      assertThat(context).hasFailed();
      FailureAnalysis analysis = analyse(context.getStartupFailure());
      assertThat(analysis.getDescription()).contains("memory 'missing-0123456789' not found");
      assertThat(analysis.getAction()).contains("rivalwatch.agentcore.memory-id")
          .contains("rivalwatch.agentcore.bootstrap.enabled");
    });
  }

  @Test
  void aRealApplicationPrintsTheFixInsteadOfAStackTrace(CapturedOutput output) {
    String memoryId = "missing-0123456789";
    SpringApplication application = new SpringApplicationBuilder(AgentCoreAdapter.class)
        .web(WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF)
        .build();
    // as arguments: they outrank application.yaml, which chooses the local store. Lazy initialisation is on here
    // (s3mock's application.properties on the test class path): the check runs at start-up all the same
    String[] arguments = Arrays.stream(fake.springPropertyPairs(memoryId)).map(p -> "--" + p).toArray(String[]::new);

    assertThatThrownBy(() -> application.run(arguments)).hasStackTraceContaining("AgentCoreStartupException");

    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("AgentCore Memory cannot be used: memory 'missing-0123456789' not found")
        .contains("set rivalwatch.agentcore.memory-id to an existing memory");
  }

  @Test
  void noMemoryIdAndNoBootstrapStopsStartUp() {
    runner(null).run(context -> {
      assertThat(context).hasFailed();
      assertThat(analyse(context.getStartupFailure()).getAction())
          .contains("rivalwatch.agentcore.memory-id").contains("rivalwatch.agentcore.bootstrap.enabled=true");
    });
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aMalformedMemoryIdStopsStartUpBeforeAnyCall() {
    runner("my memory").run(context -> assertThat(analyse(context.getStartupFailure()).getDescription())
        .contains("'my memory' is not an AgentCore memory id"));
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aMemoryNoSearchCanReadStopsStartUp() {
    String memoryId = fake.createMemory("defaults",
        new AgentCoreFake.Strategy(AgentCoreFake.SEMANTIC, "facts", "/strategies/{memoryStrategyId}/actors/{actorId}"));

    runner(memoryId).run(context -> {
      FailureAnalysis analysis = analyse(context.getStartupFailure());
      assertThat(analysis.getDescription()).contains("no active strategy whose namespace starts with {actorId}");
      assertThat(analysis.getAction()).contains("{actorId}").contains("rivalwatch.agentcore.bootstrap.enabled");
    });
  }

  @Test
  void theBootstrapCreatesTheMemoryOnceWaitsUntilItIsActiveAndFindsItAfterwards() {
    String neighbour = fake.createMemory("rivalwatch_other");
    fake.memoriesStayCreatingFor(2);
    List<String> ids = new ArrayList<>();

    for (int start = 0; start < 2; start++) {
      runner(null, "rivalwatch.agentcore.bootstrap.enabled=true").run(context -> {
        assertThat(context).hasNotFailed();
        ids.add(((AgentCoreMemoryStore) context.getBean(MemoryStore.class)).memoryId());
      });
    }

    assertThat(ids).hasSize(2);
    assertThat(ids.get(1)).isEqualTo(ids.get(0)).isNotEqualTo(neighbour).matches("rivalwatch-[a-zA-Z0-9]{10}");
    assertThat(fake.requests("CreateMemory")).hasSize(1);
    assertThat(fake.requests("GetMemory").size()).as("read while CREATING, then ACTIVE").isGreaterThanOrEqualTo(3);
    JsonNode create = fake.requests("CreateMemory").get(0).json();
    assertThat(create.get("name").asText()).isEqualTo("rivalwatch");
    assertThat(create.get("eventExpiryDuration").asInt()).isEqualTo(90);
    assertThat(create.get("clientToken").asText()).isEqualTo(AgentCoreIds.createMemoryClientToken("rivalwatch"));
    assertThat(create.at("/memoryStrategies/0/semanticMemoryStrategy/namespaces/0").asText()).isEqualTo("{actorId}");
    assertThat(create.at("/memoryStrategies/1/summaryMemoryStrategy/namespaces/0").asText())
        .isEqualTo("{actorId}/{sessionId}");
  }

  @Test
  void theBootstrapCalledTwiceCreatesNothingTheSecondTime() {
    try (var control = AgentCoreClients.controlPlane(AgentCoreProperties.defaults()
        .withEndpoints(fake.dataEndpoint(), fake.controlEndpoint()))) {
      var bootstrap = new AgentCoreMemoryBootstrap(control, AgentCoreProperties.Bootstrap.named("nightly_memory"));

      String first = bootstrap.findOrCreate();
      String second = bootstrap.findOrCreate();

      assertThat(second).isEqualTo(first);
      assertThat(fake.requests("CreateMemory")).hasSize(1);
      assertThat(fake.memories()).containsEntry(first, "nightly_memory");
    }
  }

  @Test
  void theBootstrapRefusesANameTheServiceWouldRefuse() {
    runner(null, "rivalwatch.agentcore.bootstrap.enabled=true", "rivalwatch.agentcore.bootstrap.name=rival-watch")
        .run(context -> assertThat(analyse(context.getStartupFailure()).getAction())
            .contains("rivalwatch.agentcore.bootstrap.name"));
    assertThat(fake.requests()).isEmpty();
  }

  /** What Spring Boot prints for this start-up failure: the analyzer must be registered and must recognise it. */
  private static FailureAnalysis analyse(Throwable failure) throws IOException {
    Properties factories = new Properties();
    try (InputStream in = AgentCoreAdapterTest.class.getResourceAsStream("/META-INF/spring.factories")) {
      assertThat(in).as("src/main/resources/META-INF/spring.factories").isNotNull();
      factories.load(in);
    }
    assertThat(factories.getProperty(FailureAnalyzer.class.getName()))
        .contains(AgentCoreStartupFailureAnalyzer.class.getName());
    FailureAnalysis analysis = new AgentCoreStartupFailureAnalyzer().analyze(failure);
    assertThat(analysis).as("an AgentCoreStartupException in %s", failure).isNotNull();
    return analysis;
  }
}
