package io.rivalwatch.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.audit.AuditAction;
import io.rivalwatch.audit.AuditEntry;
import io.rivalwatch.audit.AuditTrail;
import io.rivalwatch.outcome.RunRecord;
import io.rivalwatch.outcome.RunRecordService;
import io.rivalwatch.testsupport.ProcessTestBase;
import io.rivalwatch.workflow.ProcessIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * {@code POST /api/runs} refuses what a request may not choose, over HTTP (MockMvc on the whole application: real
 * engine, workers and store), and refused requests fetch, read, store and start nothing: a WireMock server that the
 * requests point at sees no request, the artefact store gains no file, and the engine no process instance.
 *
 * <p>Authentication: the requests carry a principal set by the test ({@code MockMvc} built from the application
 * context without its servlet filters), so the test passes with or without Spring Security on the class path; the
 * security rules have their own tests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunApiLimitsTest extends ProcessTestBase {

  private static final String FAKE_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final Principal OLIVIA = () -> "olivia";

  static {
    OVERRIDES.put("rivalwatch.limits.run-budget-usd", "25");
    OVERRIDES.put("rivalwatch.limits.concurrent-runs", "1");
    OVERRIDES.put("rivalwatch.limits.run-starts-per-minute", "2");
    // a credential in the server's configuration, as an environment variable would be
    OVERRIDES.put("AWS_ACCESS_KEY_ID", FAKE_KEY);
  }

  private static final WireMockServer OUTSIDE = started();

  @Autowired WebApplicationContext web;
  @Autowired ArtefactStore store;
  @Autowired ArtefactJson json;
  @Autowired AuditTrail audit;

  private final ObjectMapper mapper = new ObjectMapper();
  private MockMvc mvc;

  private static WireMockServer started() {
    WireMockServer server = new WireMockServer(options().dynamicPort());
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("competitors: []\n")));
    return server;
  }

  @AfterAll
  static void stopOutside() {
    OUTSIDE.stop();
  }

  @BeforeEach
  void mockMvc() {
    mvc = MockMvcBuilders.webAppContextSetup(web).build();
  }

  private MockHttpServletResponse send(String path, Object body) throws Exception {
    var request = post(path).principal(OLIVIA).contentType(MediaType.APPLICATION_JSON);
    if (body != null) {
      request.content(mapper.writeValueAsString(body));
    }
    return mvc.perform(request).andReturn().getResponse();
  }

  private String error(MockHttpServletResponse response) throws Exception {
    return (String) mapper.readValue(response.getContentAsString(), Map.class).get("error");
  }

  private long instancesStarted() {
    return records.processInstancesStartedBy("StartEvent_Manual").size();
  }

  private long storedFiles() throws IOException {
    Path root = dataDirectory().resolve("artefacts");
    if (!Files.exists(root)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  /** Sends a request that must be refused; asserts the status, and that nothing was started, stored or fetched. */
  private String refused(Map<String, Object> body, int status) throws Exception {
    long files = storedFiles();
    String error = refusedWhileRunsWrite(body, status);
    assertThat(storedFiles()).as("files in the artefact store").isEqualTo(files);
    return error;
  }

  /**
   * {@link #refused} while another run is busy writing its own artefacts: nothing started or fetched, and nothing
   * stored under the requested run id.
   */
  private String refusedWhileRunsWrite(Map<String, Object> body, int status) throws Exception {
    long instances = instancesStarted();
    MockHttpServletResponse response = send("/api/runs", body);
    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
    assertThat(instancesStarted()).as("process instances").isEqualTo(instances);
    assertThat(OUTSIDE.getAllServeEvents()).as("requests to the outside server").isEmpty();
    if (body.get("runId") instanceof String runId && status != 409) {
      assertThat(store.list(runId)).as("artefacts of " + runId).isEmpty();
    }
    return error(response);
  }

  @Test
  @Order(1)
  void aConfigurationUrlOrPathIsRefusedAndNothingIsFetched() throws Exception {
    String url = OUTSIDE.url("/run.yaml");

    assertThat(refused(Map.of("runConfiguration", url, "runId", "from-url"), 400))
        .startsWith("runConfiguration: a run's configuration cannot be given by location").contains("Fix:")
        .contains("\"watchList\"");
    assertThat(refused(Map.of("runConfiguration", "file:/etc/passwd"), 400)).startsWith("runConfiguration: ");
    for (String name : List.of(url, "file:/etc/passwd", "/etc/passwd", "../../etc/passwd", "classpath:runs/sample")) {
      assertThat(refused(Map.of("watchList", name), 400)).startsWith("watchList: ")
          .contains("is not a watch list name").contains("rivalwatch.planning.watch-lists");
    }
    assertThat(refused(Map.of("configurationUrl", url), 400))
        .startsWith("'configurationUrl': not a field of a run request. Fix: send only budgetUsd, refresh, runId, "
            + "watchList");
    assertThat(refused(Map.of("watchList", "no-such-list"), 400)).contains("there is no watch list 'no-such-list'");
    assertThat(store.list("from-url")).isEmpty();
  }

  @Test
  @Order(2)
  void environmentPlaceholdersAreRefusedAndNothingIsRead() throws Exception {
    assertThat(refused(Map.of("watchList", "${AWS_ACCESS_KEY_ID}"), 400)).startsWith("watchList: ")
        .doesNotContain(FAKE_KEY);
    assertThat(refused(Map.of("runId", "${AWS_ACCESS_KEY_ID}"), 400)).startsWith("runId: ")
        .doesNotContain(FAKE_KEY);
  }

  @Test
  @Order(3)
  void aBudgetAboveTheCapIsRefusedNamingTheCapsProperty() throws Exception {
    assertThat(refused(Map.of("budgetUsd", 26, "runId", "greedy"), 400))
        .isEqualTo("budgetUsd: USD 26.0 is above the budget cap of USD 25.0 per run (set by "
            + "rivalwatch.limits.run-budget-usd on the server). Fix: ask for at most 25.0, or leave it out to get the "
            + "cap; only the operator can raise the cap");
    assertThat(refused(Map.of("budgetUsd", "lots"), 400)).startsWith("budgetUsd: not a number");
    assertThat(store.list("greedy")).isEmpty();
  }

  @Test
  @Order(4)
  void aRunIdThatHasArtefactsIsRefusedWith409() throws Exception {
    store.createIfAbsent(ArtefactKey.forRun("last-week", "planning", "run-configuration.json"), "{}".getBytes(),
        "application/json");

    assertThat(refused(Map.of("runId", "last-week", "watchList", "acme-only"), 409))
        .startsWith("runId: a run 'last-week' exists already").contains("Fix: choose another runId");
  }

  /** Defence in depth: a location given to the engine directly (not through the API) is refused at Plan run. */
  @Test
  @Order(5)
  void aLocationGivenToTheEngineIsRefusedAtPlanRunUnread() {
    long run = client.newCreateInstanceCommand().bpmnProcessId(ProcessIds.COMPETITIVE_INTELLIGENCE).latestVersion()
        .variables(Map.of("runId", "engine-url", "runConfiguration", OUTSIDE.url("/run.yaml"))).send().join()
        .getProcessInstanceKey();
    awaitEnded(run);

    RunRecord record = json.require(RunRecordService.recordKey("engine-url"), RunRecord.class);
    assertThat(record.details()).containsEntry("failureCode", "INVALID_CONFIGURATION");
    assertThat(record.details().get("failureMessage")).contains("runConfiguration: a run no longer names a "
        + "configuration location").contains("Fix: name a watch list with the variable watchList");
    assertThat(store.exists(ArtefactKey.forRun("engine-url", "planning", "run-configuration.json"))).isFalse();
    assertThat(OUTSIDE.getAllServeEvents()).isEmpty();
  }

  /** A watch list that reads a credential from the environment: refused at Plan run, the value nowhere. */
  @Test
  @Order(6)
  void aWatchListReadingASecretPlaceholderIsRefusedAndTheSecretIsNowhere() throws Exception {
    long run = startRun("with-secret-placeholder");
    awaitEnded(run);

    String runId = runId(run);
    RunRecord record = json.require(RunRecordService.recordKey(runId), RunRecord.class);
    assertThat(record.details()).containsEntry("failureCode", "INVALID_CONFIGURATION");
    assertThat(record.details().get("failureMessage")).contains("placeholder ${AWS_ACCESS_KEY_ID}: names a secret");
    assertThat(store.exists(ArtefactKey.forRun(runId, "planning", "run-configuration.json"))).isFalse();
    for (ArtefactKey key : store.list(runId)) {
      assertThat(new String(store.read(key).orElseThrow())).as(key.toString()).doesNotContain(FAKE_KEY);
    }
  }

  @Test
  @Order(7)
  void aWatchListAboveTheBudgetCapIsRefusedAtPlanRun() {
    long run = startRun("above-budget-cap");
    awaitEnded(run);

    RunRecord record = json.require(RunRecordService.recordKey(runId(run)), RunRecord.class);
    assertThat(record.details().get("failureMessage"))
        .contains("settings.budgetUsd: USD 1000.0 is above the budget cap of USD 25.0 per run")
        .contains("rivalwatch.limits.run-budget-usd");
    assertThat(store.exists(ArtefactKey.forRun(runId(run), "planning", "run-configuration.json"))).isFalse();
  }

  /**
   * One run in flight at most and two starts a minute (this class's settings): a start beyond either is refused,
   * an existing run id is refused, and a cancelled run makes room. Last: it uses up the minute's starts.
   */
  @Test
  @Order(8)
  void startsBeyondTheConcurrentRunsOrTheStartsPerMinuteAreRefused_cancelMakesRoom() throws Exception {
    MockHttpServletResponse first = send("/api/runs", Map.of("watchList", "acme-only", "runId", "caps-first",
        "budgetUsd", 3.5));
    assertThat(first.getStatus()).as(first.getContentAsString()).isEqualTo(202);
    long firstRun = ((Number) mapper.readValue(first.getContentAsString(), Map.class).get("processInstanceKey"))
        .longValue();
    assertThat(records.rootVariables(firstRun)).containsEntry("startedBy", "\"olivia\"")
        .containsEntry("watchList", "\"acme-only\"").containsEntry("budgetUsd", "3.5");

    assertThat(refusedWhileRunsWrite(Map.of("watchList", "acme-only", "runId", "caps-first"), 409))
        .startsWith("runId: a run 'caps-first' exists already");
    assertThat(refusedWhileRunsWrite(Map.of("watchList", "acme-only", "runId", "caps-second"), 429))
        .startsWith("1 runs are in flight, the cap of concurrent runs (set by rivalwatch.limits.concurrent-runs = 1"
            + " on the server)").contains("Fix:");

    MockHttpServletResponse cancelled = send("/api/runs/caps-first/cancel", null);
    assertThat(cancelled.getStatus()).as(cancelled.getContentAsString()).isEqualTo(200);
    awaitEnded(firstRun);
    assertThat(audit.entries("caps-first")).filteredOn(e -> e.action() == AuditAction.RUN_CANCELLED)
        .singleElement().satisfies(e -> {
          assertThat(e.actor()).isEqualTo("olivia");
          assertThat(e.details()).containsEntry("processInstanceKey", String.valueOf(firstRun));
        });
    // the planned budget is the request's, below the cap
    assertThat(json.read(ArtefactKey.forRun("caps-first", "planning", "run-configuration.json"),
        io.rivalwatch.planning.RunConfiguration.class)).hasValueSatisfying(c ->
        assertThat(c.settings().budgetUsd()).isEqualTo(3.5));

    MockHttpServletResponse second = send("/api/runs", Map.of("watchList", "acme-only", "runId", "caps-second"));
    assertThat(second.getStatus()).as(second.getContentAsString()).isEqualTo(202);
    assertThat(send("/api/runs/caps-second/cancel", null).getStatus()).isEqualTo(200);

    assertThat(refusedWhileRunsWrite(Map.of("watchList", "acme-only", "runId", "caps-third"), 429))
        .startsWith("more than 2 run starts in a minute, the cap of starts per minute (set by "
            + "rivalwatch.limits.run-starts-per-minute on the server)");
  }

  @Test
  @Order(9)
  void cancellingAnUnknownRunIs404() throws Exception {
    MockHttpServletResponse response = send("/api/runs/never-started/cancel", null);

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(error(response)).startsWith("runId: no run 'never-started' is known").contains("Fix:");
    assertThat(audit.entries("never-started")).isEmpty();
  }

  @Test
  @Order(10)
  void retryingParkedItemsIsAuditedWithWhoRetried_anonymousWithoutAPrincipal() throws Exception {
    assertThat(send("/api/runs/quiet-run/parked/retry", null).getStatus()).isEqualTo(200);
    assertThat(mvc.perform(post("/api/runs/quiet-run/parked/retry")).andReturn().getResponse().getStatus())
        .isEqualTo(200);

    assertThat(audit.entries("quiet-run")).extracting(AuditEntry::action, AuditEntry::actor).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(AuditAction.PARKED_ITEMS_RETRIED, "olivia"),
        org.assertj.core.groups.Tuple.tuple(AuditAction.PARKED_ITEMS_RETRIED, "anonymous"));
    assertThat(audit.entries("quiet-run")).allSatisfy(e -> assertThat(e.details()).containsEntry("items", "0"));
  }
}
