package io.rivalwatch.outcome;

import io.rivalwatch.artefact.ArtefactFormat;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.audit.AuditTrail;
import io.rivalwatch.baseline.Baselines;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactLinks;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.cost.BudgetReport;
import io.rivalwatch.distribution.Mailer;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.observability.RunMetrics;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.workflow.RunPhase;
import io.rivalwatch.trends.TrendDashboard;
import java.time.Duration;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/** Records how a run ended and tells operators when it failed. Nothing a run produced is ever deleted here. */
@Service
public class RunRecordService {

  /** The status of a run whose report was approved and delivered. */
  static final String DELIVERED = "delivered";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunRecordService.class);

  private final ArtefactStore store;
  private final ArtefactJson artefacts;
  private final ArtefactLinks links;
  private final MemoryStore memory;
  private final Mailer mailer;
  private final List<String> operators;
  private final ModelUsageLedger usage;
  private final PreparedOutcomes prepared;
  private final BudgetReport budget;
  private final PlanningService planning;
  private final RunMetrics metrics;
  private final AuditTrail audit;
  private final TrendDashboard trends;
  private final Clock clock;
  private final Baselines baselines;

  public RunRecordService(ArtefactStore store, ArtefactJson artefacts, ArtefactLinks links, MemoryStore memory,
      Mailer mailer, @Value("${rivalwatch.operators.email:}") List<String> operators, ModelUsageLedger usage,
      PreparedOutcomes prepared, BudgetReport budget, PlanningService planning, RunMetrics metrics, AuditTrail audit,
      TrendDashboard trends, Clock clock, Baselines baselines) {
    this.baselines = baselines;
    this.audit = audit;
    this.trends = trends;
    this.budget = budget;
    this.store = store;
    this.artefacts = artefacts;
    this.links = links;
    this.memory = memory;
    this.mailer = mailer;
    this.operators = operators.stream().filter(s -> !s.isBlank()).toList();
    this.usage = usage;
    this.prepared = prepared;
    this.planning = planning;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Records a run that reached its end: "delivered", "rejected" or "published-internally-unreviewed". Returns the
   * stored status.
   */
  public String recordOutcome(String runId, String status, Map<String, String> details) {
    return record(runId, status, details, "Run " + runId + " ended " + status + ": " + describe(details));
  }

  /** Records a run that took its failure path. Every artefact written so far stays in the store. */
  public String recordFailure(String runId, String code, String step, String message) {
    Map<String, String> details = failureDetails(code, step, message);
    return record(runId, "failed", details, "Run " + runId + " failed at " + step + ": " + message);
  }

  /** E-mails the operators once per run. Returns what was done. */
  public String notifyOperators(String runId, String code, String step, String message) {
    ArtefactKey ledger = ArtefactKeys.operatorsNotified(runId);
    var done = artefacts.read(ledger, OperatorsNotified.class);
    if (done.isPresent()) {
      return done.get().status();
    }
    if (operators.isEmpty()) {
      return "no operators configured (rivalwatch.operators.email); the failure is in the run record";
    }
    int kept = store.list(runId).size();
    String text = "rivalwatch run " + runId + " failed.\n\n"
        + "Step: " + step + "\nError: " + code + "\nWhat happened: " + message + "\n\n"
        + "Nothing was deleted: the run's " + kept + " artefacts are kept. Run record: "
        + links.linkTo(ArtefactKeys.runRecord(runId)) + "\n"
        + "Fix the cause (the message names it), then start a new run; see the runbook, docs/runbook.md.\n";
    mailer.send(operators, "[rivalwatch] run " + runId + " failed at " + step, text, null,
        runId + ".operators@rivalwatch");
    String status = "notified " + operators.size() + (operators.size() == 1 ? " operator" : " operators");
    artefacts.createIfAbsent(ledger, new OperatorsNotified(clock.instant(), status));
    return status;
  }

  /** The operators' failure mail was sent: when, and to how many. */
  record OperatorsNotified(java.time.Instant at, String status) {
    static final ArtefactFormat<OperatorsNotified> FORMAT =
        ArtefactFormat.of("operators-notified", OperatorsNotified.class);
  }

  private String record(String runId, String status, Map<String, String> details, String memoryText) {
    ArtefactKey key = ArtefactKeys.runRecord(runId);
    List<String> kept = store.list(runId).stream().map(ArtefactKey::path).toList();
    Map<String, String> all = new TreeMap<>(details);
    // read while the report's summary was written, on this instance; else now (PreparedOutcomes)
    PreparedOutcomes.Competitors competitors = prepared.of(runId);
    // how much of the run's analysis was reused from earlier runs because the documents had not changed
    competitors.analyses().ifPresent(analyses -> all.putIfAbsent("analyses", analyses));
    competitors.textAddressedToModels().ifPresent(count -> all.putIfAbsent("textAddressedToAiSystems", count));
    var recordedAt = clock.instant();
    RunRecord record = new RunRecord(runId, status, recordedAt, all, kept, usage.cost(runId), budget.summary(runId),
        audit.entries(runId));
    boolean written = artefacts.createIfAbsent(key, record);
    if (written) {
      // once per run, by the attempt that wrote the record; a run that never got planned counts with no duration
      Duration took = planning.startedAt(runId).map(start -> Duration.between(start, recordedAt))
          .orElse(Duration.ZERO);
      metrics.runEnded(status, took);
      LOG.info("Run {} ended {} after {} s with {} artefacts kept", runId, status, took.toSeconds(), kept.size());
    }
    memory.record(new MemoryEntry(runId + "/outcome", planning.scope(runId).runNamespace(), runId, RunPhase.OUTCOME.id(),
        null,
        status,
        memoryText, clock.instant()));
    // what this attempt wrote, else what an earlier one did
    RunRecord stored = written ? record : artefacts.require(key, RunRecord.class);
    if (DELIVERED.equals(stored.status())) {
      // after the record: a run becomes its watch list's baseline only once it is recorded as delivered
      baselines.recordDelivered(runId, stored.recordedAt());
    }
    onTrendDashboard(stored);
    return stored.status();
  }

  /**
   * Every ended run is a night of its watch list's trend dashboard. A store that fails fails the job (the engine
   * retries it, and the night is written once); a night the dashboard cannot draw from what the run stored does
   * not keep the run from ending: it is logged, and the next run's page draws again.
   */
  private void onTrendDashboard(RunRecord record) {
    try {
      LOG.info("Run {}: {}", record.runId(), trends.publish(record.runId(), record.status(), record.recordedAt()));
    } catch (io.rivalwatch.failure.OutsideServiceException storeFailed) {
      throw storeFailed;
    } catch (RuntimeException notDrawn) {
      LOG.warn("Run {} is not on its watch list's trend dashboard: {}", record.runId(), notDrawn.toString());
    }
  }

  private static Map<String, String> failureDetails(String code, String step, String message) {
    Map<String, String> details = new TreeMap<>();
    details.put("failureCode", code == null ? "unknown" : code);
    details.put("failureStep", step == null ? "unknown" : step);
    details.put("failureMessage", message == null ? "no message" : message);
    return details;
  }

  private static String describe(Map<String, String> details) {
    return details.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining("; "));
  }
}
