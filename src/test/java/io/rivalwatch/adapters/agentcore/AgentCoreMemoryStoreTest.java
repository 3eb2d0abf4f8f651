package io.rivalwatch.adapters.agentcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.fakes.AgentCoreFake;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.memory.MemoryQuery;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;

/**
 * The AgentCore memory store through the real SDK over HTTP against {@link AgentCoreFake}: no SDK class is mocked.
 * The fake derives records at once, where the service takes seconds; see the store's javadoc for what that hides.
 */
class AgentCoreMemoryStoreTest {

  private static final String ACME = MemoryEntry.competitorNamespace("acme");
  private static final Instant T0 = Instant.parse("2025-03-01T02:00:00.250Z");

  private AgentCoreFake fake;
  private String memoryId;
  private BedrockAgentCoreClient client;
  private AgentCoreMemoryStore store;

  @BeforeAll
  static void credentials() {
    AgentCoreFake.useDummyCredentials();
  }

  @BeforeEach
  void start() {
    fake = AgentCoreFake.start();
    memoryId = fake.createMemory("rivalwatch");
    client = AgentCoreClients.dataPlane(properties(Duration.ofSeconds(10)));
    store = new AgentCoreMemoryStore(client, memoryId, 20, Clock.fixed(T0, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close();
  }

  @Test
  void recordThenSearchFindsTheEntryByItsWordsInItsNamespaceOnly() {
    store.record(entry("run-1/research/acme/1", ACME, "run-1", "research", "acme", "gathered",
        "Acme pricing page: the Pro plan costs $49 per month"));
    store.record(entry("run-1/research/acme/2", ACME, "run-1", "research", "acme", "gathered",
        "Acme hired a new chief technology officer"));
    store.record(entry("run-1/research/acme-corp/1", MemoryEntry.competitorNamespace("acme-corp"), "run-1",
        "research", "acme-corp", "gathered", "Acme Corp pricing: the plan costs $99"));
    store.record(entry("run-1/research/globex/1", MemoryEntry.competitorNamespace("globex"), "run-1", "research",
        "globex", "gathered", "Globex pricing: plan costs $10"));

    List<MemoryHit> hits = store.search(new MemoryQuery(ACME, "What does the Acme plan cost? pricing", 5, null, null));

    assertThat(hits).isNotEmpty();
    assertThat(hits.get(0).entry().text()).isEqualTo("Acme pricing page: the Pro plan costs $49 per month");
    assertThat(hits).allSatisfy(hit -> {
      assertThat(hit.entry().namespace()).isEqualTo(ACME);
      assertThat(hit.entry().competitorId()).isEqualTo("acme");
      assertThat(hit.entry().text()).doesNotContain("Globex").doesNotContain("$99"); // acme-corp is another namespace
    });
    assertThat(hits).extracting(MemoryHit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
  }

  @Test
  void aHitCarriesTheRecordIdItsMetadataAndItsCreationTime() {
    store.record(entry("run-1/analysis/acme/sentiment", ACME, "run-1", "analysis", "acme", "done",
        "Sentiment of Acme in run run-1: customers praise the support"));

    MemoryHit fact = store.search(new MemoryQuery(ACME, "customers praise support", 10, null, null)).stream()
        .filter(hit -> hit.entry().runId() != null).findFirst().orElseThrow();

    assertThat(fact.entry().id()).startsWith("mem-"); // the memory's record id, not the entry id
    assertThat(fact.entry().runId()).isEqualTo("run-1");
    assertThat(fact.entry().phase()).isEqualTo("analysis");
    assertThat(fact.entry().status()).isEqualTo("done");
    assertThat(fact.entry().recordedAt()).isEqualTo(T0);
    assertThat(fact.score()).isPositive();
  }

  @Test
  void recordingTheSameEntryTwiceSendsTheSameClientTokenAndLeavesOneEvent() {
    MemoryEntry entry = entry("run-1/planning", MemoryEntry.RUN_NAMESPACE, "run-1", "planning", null, "planned",
        "Run run-1 planned 3 competitors");

    store.record(entry);
    store.record(entry);

    assertThat(fake.clientTokens()).hasSize(2).containsOnly(AgentCoreIds.eventClientToken(memoryId, entry.id()));
    assertThat(fake.events()).hasSize(1);
    assertThat(client.listEvents(r -> r.memoryId(memoryId).actorId("runs").sessionId("run-1-planning")).events())
        .hasSize(1);
  }

  @Test
  void theRequestCarriesTheTimestampAsAJsonNumberAndTheMetadata() {
    store.record(entry("run-1/research/acme/sufficiency-1", ACME, "run-1", "research", "acme", "sufficient",
        "Research on Acme after round 1: enough sources"));
    store.record(new MemoryEntry("run-1/outcome", MemoryEntry.RUN_NAMESPACE, "run-1", "outcome", null, null,
        "Run run-1 ended: delivered", null));

    JsonNode first = fake.requests("CreateEvent").get(0).json();
    assertThat(first.get("eventTimestamp").isNumber()).isTrue();
    assertThat(first.get("eventTimestamp").decimalValue()).isEqualByComparingTo(new BigDecimal("1740794400.250"));
    assertThat(first.get("actorId").asText()).isEqualTo("competitors/acme");
    assertThat(first.get("sessionId").asText()).isEqualTo("run-1-research");
    assertThat(first.at("/payload/0/conversational/role").asText()).isEqualTo("ASSISTANT");
    assertThat(first.at("/payload/0/conversational/content/text").asText())
        .isEqualTo("Research on Acme after round 1: enough sources");
    assertThat(first.at("/metadata/runId/stringValue").asText()).isEqualTo("run-1");
    assertThat(first.at("/metadata/phase/stringValue").asText()).isEqualTo("research");
    assertThat(first.at("/metadata/status/stringValue").asText()).isEqualTo("sufficient");
    assertThat(first.at("/metadata/competitor/stringValue").asText()).isEqualTo("acme");
    assertThat(first.get("clientToken").asText())
        .isEqualTo(AgentCoreIds.eventClientToken(memoryId, "run-1/research/acme/sufficiency-1"));

    JsonNode second = fake.requests("CreateEvent").get(1).json();
    assertThat(second.get("metadata").fieldNames()).toIterable().containsExactlyInAnyOrder("runId", "phase");
    assertThat(second.get("eventTimestamp").decimalValue()).isEqualByComparingTo(new BigDecimal("1740794400.250"));
  }

  @Test
  void throttlingIsRateLimitedAndTheSdkDoesNotRetry() {
    fake.throttleNext("CreateEvent", 1);

    OutsideServiceException e = outsideFailure(() -> store.record(
        entry("run-1/planning", "runs", "run-1", "planning", null, "planned", "Run planned")));

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.service()).isEqualTo("agentcore-memory");
    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(2));
    assertThat(fake.requests("CreateEvent")).hasSize(1);
    assertThat(fake.events()).isEmpty();
  }

  @Test
  void serverErrorsAndResetConnectionsAreTransientAndNotRetried() {
    fake.unavailableNext("RetrieveMemoryRecords", 1);
    assertThat(outsideFailure(
        () -> store.search(new MemoryQuery(ACME, "pricing", 3, null, null))).kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(fake.requests("RetrieveMemoryRecords")).hasSize(1);

    fake.resetConnectionNext("CreateEvent", 1);
    assertThat(outsideFailure(() -> store.record(
        entry("run-1/planning", "runs", "run-1", "planning", null, "planned", "Run planned"))).kind())
        .isEqualTo(Kind.TRANSIENT);
    assertThat(fake.requests("CreateEvent")).hasSize(1);
  }

  @Test
  void aTimeoutIsTransientAndTheEngineRetryWritesNoSecondEvent() {
    try (BedrockAgentCoreClient impatient = AgentCoreClients.dataPlane(properties(Duration.ofMillis(300)))) {
      AgentCoreMemoryStore hurried = new AgentCoreMemoryStore(impatient, memoryId, 20, Clock.systemUTC());
      MemoryEntry entry = entry("run-1/planning", "runs", "run-1", "planning", null, "planned", "Run planned");
      fake.delayNext("CreateEvent", 1, 1_500); // the service stores the event, the answer comes too late

      assertThat(outsideFailure(() -> hurried.record(entry)).kind())
          .isEqualTo(Kind.TRANSIENT);
      hurried.record(entry); // the job's retry

      assertThat(fake.events()).hasSize(1);
    }
  }

  @Test
  void aValidationErrorIsFatal() {
    fake.failNext("CreateEvent", 1, 400, "ValidationException", "1 validation error detected: Value at 'metadata'");

    OutsideServiceException e = outsideFailure(() -> store.record(
        entry("run-1/planning", "runs", "run-1", "planning", null, "planned", "Run planned")));

    assertThat(e.kind()).isEqualTo(Kind.FATAL);
    assertThat(e.mayPass()).isFalse();
    assertThat(e.getMessage()).contains("ValidationException").contains("Value at 'metadata'");
  }

  @Test
  void accessDeniedIsFatalAndAQuotaIsTransient() {
    MemoryEntry entry = entry("run-1/planning", "runs", "run-1", "planning", null, "planned", "Run planned");
    fake.failNext("CreateEvent", 1, 403, "AccessDeniedException", "not authorized to perform CreateEvent");
    fake.failNext("CreateEvent", 1, 402, "ServiceQuotaExceededException", "too many events");

    OutsideServiceException denied = outsideFailure(() -> store.record(entry));
    OutsideServiceException quota = outsideFailure(() -> store.record(entry));

    assertThat(denied.kind()).isEqualTo(Kind.FATAL);
    assertThat(denied.getMessage()).contains("bedrock-agentcore:CreateEvent");
    assertThat(quota.kind()).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void missingCredentialsAreFatalAndSayWhereTheyComeFrom() {
    OutsideServiceException e = AgentCoreErrors.classify("CreateEvent", memoryId,
        SdkClientException.create("Unable to load credentials from any of the providers in the chain"));

    assertThat(e.kind()).isEqualTo(Kind.FATAL);
    assertThat(e.getMessage()).contains("no AWS credentials").contains("default provider chain");
  }

  @Test
  void anUnknownMemoryIsFatalAndSaysWhichPropertyToFix() {
    AgentCoreMemoryStore lost = new AgentCoreMemoryStore(client, "gone-0123456789", 20, Clock.systemUTC());

    OutsideServiceException e = outsideFailure(
        () -> lost.search(new MemoryQuery(ACME, "pricing", 3, null, null)));

    assertThat(e.kind()).isEqualTo(Kind.FATAL);
    assertThat(e.getMessage()).contains("memory 'gone-0123456789' not found")
        .contains("rivalwatch.agentcore.memory-id").contains("rivalwatch.agentcore.bootstrap.enabled");
  }

  @Test
  void invalidArgumentsAreRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> store.search(new MemoryQuery(ACME, "  ", 3, null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MemoryQuery.text");
    assertThatThrownBy(() -> store.search(new MemoryQuery(ACME, "pricing", 0, null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MemoryQuery.topK");
    assertThatThrownBy(() -> store.record(entry("id", "competitors/a b", "run-1", "research", null, null, "t")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MemoryEntry.namespace");
    assertThatThrownBy(() -> store.record(entry("id", ACME, " ", "research", null, null, "t")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MemoryEntry.runId");
    assertThat(store.search(new MemoryQuery("competitors/a b", "pricing", 3, null, null))).isEmpty();
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void runFiltersUseTheRecordMetadataAndTheSearchAsksDeeper() {
    store.record(entry("run-1/research/acme/1", ACME, "run-1", "research", "acme", "gathered",
        "Acme Pro plan price was $49"));
    store.record(entry("run-2/research/acme/1", ACME, "run-2", "research", "acme", "gathered",
        "Acme Pro plan price is now $59"));

    List<MemoryHit> now = store.search(MemoryQuery.inRun(ACME, "Pro plan price", 2, "run-2"));
    List<MemoryHit> before = store.search(MemoryQuery.beforeRun(ACME, "Pro plan price", 2, "run-2"));

    assertThat(now).isNotEmpty().allSatisfy(hit -> assertThat(hit.entry().text()).contains("$59"));
    assertThat(before).isNotEmpty().allSatisfy(hit -> assertThat(hit.entry().text()).doesNotContain("$59"));
    assertThat(fake.requests("RetrieveMemoryRecords").get(0).json().at("/searchCriteria/topK").asInt())
        .isEqualTo(20); // at least topKDefault, though the query asked for 2
  }

  @Test
  void withoutRecordMetadataOnlySessionSummariesTellTheirRun() {
    fake.recordsWithoutMetadata();
    store.record(entry("run-1/research/acme/1", ACME, "run-1", "research", "acme", "gathered",
        "Acme Pro plan price was $49"));
    store.record(entry("run-2/research/acme/1", ACME, "run-2", "research", "acme", "gathered",
        "Acme Pro plan price is now $59"));

    List<MemoryHit> now = store.search(MemoryQuery.inRun(ACME, "Pro plan price", 10, "run-2"));
    List<MemoryHit> before = store.search(MemoryQuery.beforeRun(ACME, "Pro plan price", 10, "run-2"));

    // only the summary of session run-2-research (namespace competitors/acme/run-2-research) is known to be run-2's
    assertThat(now).singleElement().satisfies(hit -> {
      assertThat(hit.entry().text()).startsWith("Summary of session run-2-research").contains("$59");
      assertThat(hit.entry().runId()).isNull();
      assertThat(hit.entry().namespace()).isEqualTo(ACME);
    });
    // the facts carry no run, so both stay (the documented limitation); run-2's summary does not
    assertThat(before).extracting(hit -> hit.entry().text())
        .noneMatch(text -> text.startsWith("Summary of session run-2-"))
        .anyMatch(text -> text.equals("Acme Pro plan price is now $59"))
        .anyMatch(text -> text.startsWith("Summary of session run-1-research"));
  }

  @Test
  void sessionIdsAreRunAndPhaseMadeAcceptableToTheService() {
    assertThat(AgentCoreIds.sessionId("run-2251799813685249", "research")).isEqualTo("run-2251799813685249-research");
    assertThat(AgentCoreIds.sessionId("nightly 2025.03.01", "analysis")).isEqualTo("nightly_2025_03_01-analysis");
    assertThat(AgentCoreIds.sessionId("_x", null)).isEqualTo("s_x");
    String longId = AgentCoreIds.sessionId("r".repeat(150), "research");
    assertThat(longId).hasSize(100).matches(AgentCoreIds.ACTOR_OR_SESSION_ID.pattern());
    assertThat(AgentCoreIds.sessionBelongsToRun("run-1-research", "run-1")).isTrue();
    assertThat(AgentCoreIds.sessionBelongsToRun("run-1-b-research", "run-1")).isFalse();
    assertThat(AgentCoreIds.sessionBelongsToRun("run-10-research", "run-1")).isFalse();
  }

  private static OutsideServiceException outsideFailure(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(OutsideServiceException.class);
    return (OutsideServiceException) thrown;
  }

  private static MemoryEntry entry(String id, String namespace, String runId, String phase, String competitorId,
      String status, String text) {
    return new MemoryEntry(id, namespace, runId, phase, competitorId, status, text, T0);
  }

  private AgentCoreProperties properties(Duration callTimeout) {
    return fake.properties(memoryId, callTimeout);
  }
}
