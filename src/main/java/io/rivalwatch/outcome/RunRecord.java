package io.rivalwatch.outcome;

import io.rivalwatch.artefact.ArtefactFormat;
import io.rivalwatch.audit.AuditEntry;
import io.rivalwatch.cost.BudgetSummary;
import io.rivalwatch.cost.RunCost;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The record of how a run ended, kept with its artefacts.
 *
 * @param status "delivered", "rejected", "failed", or "published-internally-unreviewed" (nobody reviewed the report in
 *     time and the run's escalation policy published it on the dashboard only)
 * @param details what led there: deliveries per channel, the review decision, or the failure's step and message
 * @param artefacts every artefact the run produced, all kept
 * @param modelUsage tokens and cost of the run's model calls, per phase and model
 * @param budget the run's budget, what it spent, and the steps it took to stay within it (limitUsd null: none)
 * @param audit who started the run and who decided its reviews, oldest first, as the audit trail held them when the
 *     run ended (the trail itself stays in the store: docs/audit.md)
 */
public record RunRecord(
    String runId, String status, Instant recordedAt, Map<String, String> details, List<String> artefacts,
    RunCost modelUsage, BudgetSummary budget, List<AuditEntry> audit) {
  // version 2: its audit entries may name the action REPORT_REBUILT (audit-entry version 2); version 1 reads as it is
  static final ArtefactFormat<RunRecord> FORMAT = ArtefactFormat.of("run-record", RunRecord.class)
      .version(2, from1 -> from1);

  public RunRecord {
    audit = audit == null ? List.of() : List.copyOf(audit);
  }
}
