package io.rivalwatch.progress;

import io.rivalwatch.workflow.ProcessVariables;
import io.rivalwatch.workflow.JobTypes;
import static io.rivalwatch.workflow.RunPhase.ANALYSIS;
import static io.rivalwatch.workflow.RunPhase.DISTRIBUTION;
import static io.rivalwatch.workflow.RunPhase.OUTCOME;
import static io.rivalwatch.workflow.RunPhase.PLANNING;
import static io.rivalwatch.workflow.RunPhase.RESEARCH;
import static io.rivalwatch.workflow.RunPhase.REVIEW;
import static io.rivalwatch.workflow.RunPhase.SYNTHESIS;

import io.rivalwatch.workflow.JobBasedUserTasks;
import io.rivalwatch.workflow.JobFinished;
import io.rivalwatch.workflow.RunPhase;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one run has done and what its plan still expects, learnt from its finished jobs only. Not thread-safe: the
 * tracker guards each instance.
 *
 * <p>Expected items: planning 1; research one round's jobs per competitor per research round
 * ({@link JobTypes#RESEARCH_ROUND}: four gathers, the last of which judges the round); analysis {@link JobTypes#ANALYSES} per
 * competitor not skipped; synthesis {@link JobTypes#REPORT_REVISION} per report revision; review 1 per review round;
 * distribution {@link JobTypes#DELIVERIES} (none after a rejection); outcome 1 (2 on the failure path: the record
 * and the operators' notice). A Camunda user task is no job of ours, so the review is also inferred from what
 * follows it.
 */
final class RunState {

  static final List<RunPhase> ORDER = List.of(PLANNING, RESEARCH, ANALYSIS, SYNTHESIS, REVIEW, DISTRIBUTION, OUTCOME);
  /** The job variables the state is learnt from (besides the job's own facts). */
  static final Set<String> VARIABLES = Set.of(ProcessVariables.COMPETITOR_COUNT, ProcessVariables.COMPETITOR_IDS,
      ProcessVariables.RESEARCH_DECISION, ProcessVariables.RESEARCH_ROUND, ProcessVariables.QUALITY_DECISION, ProcessVariables.REVIEW_DECISION,
      ProcessVariables.RUN_OUTCOME);
  // the models' shape, from the job-type catalogue (checked against bpmn/ there)
  private static final int RESEARCH_JOBS_PER_ROUND = JobTypes.RESEARCH_ROUND.size();
  private static final int ANALYSES_PER_COMPETITOR = JobTypes.ANALYSES.size();
  private static final int SYNTHESIS_JOBS_PER_REVISION = JobTypes.REPORT_REVISION.size();
  private static final int DELIVERY_CHANNELS = JobTypes.DELIVERIES.size();

  final String runId;
  Long processInstanceKey;
  final Instant startedAt;
  Instant updatedAt;
  Instant endedAt;
  /** The cost once no more can come (read a cache period after the end); null until then. */
  volatile Double finalCostUsd;
  private String status = RunProgress.RUNNING;
  private RunPhase lastPhase = PLANNING;
  private RunPhase furthestPhase = PLANNING;
  private Integer plannedCompetitors;
  private final Map<String, Integer> extraResearchRounds = new HashMap<>();
  private final Set<String> competitorsSeen = new HashSet<>();
  private final Set<String> skipped = new HashSet<>();
  /** The research rounds judged, as competitor and the round the judgement set: two gatherings may both judge one. */
  private final Set<String> judged = new HashSet<>();
  private final Map<String, Integer> researchDone = new HashMap<>();
  private final Map<String, Integer> analysesDone = new HashMap<>();
  private final Map<RunPhase, Integer> completed = new EnumMap<>(RunPhase.class);
  private final Map<RunPhase, Integer> failedAttempts = new EnumMap<>(RunPhase.class);
  /*
   * The sums over the competitors seen of what each still has pending in research and in analysis, kept up to date
   * as each job is applied: reading progress after every job stays constant work, not a pass over the competitors.
   */
  private int researchPendingOfSeen;
  private int analysisPendingOfSeen;
  private int reportRevisions = 1;
  private int reviewRounds = 1;
  private boolean waitingForReview;
  private boolean rejected;
  private boolean failurePath;

  RunState(String runId, Instant startedAt) {
    this.runId = runId;
    this.startedAt = startedAt;
    this.updatedAt = startedAt;
  }

  void apply(JobFinished job) {
    String competitor = job.competitorId();
    boolean seenBefore = competitor != null && competitorsSeen.contains(competitor);
    if (seenBefore) {
      researchPendingOfSeen -= researchPending(competitor);
      analysisPendingOfSeen -= analysisPending(competitor);
    }
    try {
      applyFacts(job);
    } finally {
      // only this job's competitor can have changed what it has pending
      if (competitor != null && competitorsSeen.contains(competitor)) {
        researchPendingOfSeen += researchPending(competitor);
        analysisPendingOfSeen += analysisPending(competitor);
      }
    }
  }

  private int researchPending(String competitor) {
    if (analysesDone.containsKey(competitor) || skipped.contains(competitor)) {
      return 0;
    }
    int expected = RESEARCH_JOBS_PER_ROUND * (1 + extraResearchRounds.getOrDefault(competitor, 0));
    return Math.max(0, expected - researchDone.getOrDefault(competitor, 0));
  }

  private int analysisPending(String competitor) {
    return skipped.contains(competitor) ? 0
        : Math.max(0, ANALYSES_PER_COMPETITOR - analysesDone.getOrDefault(competitor, 0));
  }

  private void applyFacts(JobFinished job) {
    updatedAt = job.at() == null ? updatedAt : job.at();
    if (job.competitorId() == null && processInstanceKey == null && job.processInstanceKey() > 0) {
      // a competitor's jobs run in its own (child) process instance: only run-wide jobs name the run's instance
      processInstanceKey = job.processInstanceKey();
    }
    if (job.competitorId() != null) {
      competitorsSeen.add(job.competitorId());
    }
    RunPhase phase = job.phase() == null ? RunPhase.ofJobType(job.jobType()) : job.phase();
    if (phase == RunPhase.OTHER) {
      return;
    }
    lastPhase = phase;
    furthestPhase = phase.ordinal() > furthestPhase.ordinal() ? phase : furthestPhase;
    if (JobFinished.FAILED.equals(job.outcome())) {
      failedAttempts.merge(phase, 1, Integer::sum);
      return;
    }
    Map<String, Object> variables = job.variables() == null ? Map.of() : job.variables();
    String type = job.jobType() == null ? "" : job.jobType();
    if (phase != REVIEW || JobBasedUserTasks.JOB_TYPE.equals(type)) {
      // reminders and escalations belong to the review phase but are not the review itself
      completed.merge(phase, 1, Integer::sum);
    }
    if (job.competitorId() != null && phase == RESEARCH) {
      researchDone.merge(job.competitorId(), 1, Integer::sum);
    } else if (job.competitorId() != null && phase == ANALYSIS) {
      analysesDone.merge(job.competitorId(), 1, Integer::sum);
    }
    if (phase == RESEARCH && variables.containsKey(ProcessVariables.RESEARCH_DECISION)) {
      // the round's judgement: made by the gathering that found the round complete (or by the check job of a
      // competitor started on an earlier model version)
      researchJudged(job.competitorId(), variables);
    }
    switch (type) {
      case JobTypes.PLAN_RUN -> planned(variables);
      case JobTypes.WRITE_REPORT -> reportWritten();
      case JobTypes.CHECK_REPORT_QUALITY -> qualityChecked(variables);
      case JobBasedUserTasks.JOB_TYPE -> reviewed(variables);
      case JobTypes.RECORD_RUN_OUTCOME -> recordedOutcome(variables);
      case JobTypes.RECORD_RUN_FAILURE, JobTypes.NOTIFY_OPERATORS -> failed();
      default -> {
        if (phase == DISTRIBUTION) {
          reviewEndedUnseen();
        }
      }
    }
  }

  private void planned(Map<String, Object> variables) {
    if (variables.get(ProcessVariables.COMPETITOR_COUNT) instanceof Number count) {
      plannedCompetitors = count.intValue();
    } else if (variables.get(ProcessVariables.COMPETITOR_IDS) instanceof List<?> ids) {
      plannedCompetitors = ids.size();
    }
  }

  private void researchJudged(String competitorId, Map<String, Object> variables) {
    if (competitorId == null) {
      return;
    }
    String decision = String.valueOf(variables.get(ProcessVariables.RESEARCH_DECISION));
    if (!judged.add(competitorId + "/" + decision + "/" + variables.get(ProcessVariables.RESEARCH_ROUND))) {
      return;
    }
    if ("gather-more".equals(decision)) {
      extraResearchRounds.merge(competitorId, 1, Integer::sum);
    } else if ("skip".equals(decision)) {
      skipped.add(competitorId);
    }
  }

  private void reportWritten() {
    if (waitingForReview) {
      // the reviewer asked for changes (seen only by its effect when the review is a Camunda user task)
      completed.merge(REVIEW, 1, Integer::sum);
      waitingForReview = false;
      reportRevisions++;
      reviewRounds++;
    }
  }

  private void qualityChecked(Map<String, Object> variables) {
    if ("revise".equals(variables.get(ProcessVariables.QUALITY_DECISION))) {
      reportRevisions++;
    } else {
      waitingForReview = true;
    }
  }

  private void reviewed(Map<String, Object> variables) {
    waitingForReview = false;
    Object decision = variables.get(ProcessVariables.REVIEW_DECISION);
    if ("request-changes".equals(decision)) {
      reportRevisions++;
      reviewRounds++;
    } else if ("reject".equals(decision)) {
      rejected = true;
    }
  }

  private void reviewEndedUnseen() {
    if (waitingForReview) {
      completed.merge(REVIEW, 1, Integer::sum);
      waitingForReview = false;
    }
  }

  private void recordedOutcome(Map<String, Object> variables) {
    reviewEndedUnseen();
    rejected = rejected || RunProgress.REJECTED.equals(variables.get(ProcessVariables.RUN_OUTCOME));
    end(rejected ? RunProgress.REJECTED : RunProgress.DELIVERED);
  }

  private void failed() {
    failurePath = true;
    waitingForReview = false;
    end(RunProgress.FAILED);
  }

  private void end(String terminal) {
    status = terminal;
    if (endedAt == null) {
      endedAt = updatedAt;
    }
  }

  /** True when the plan's job was seen: the counts are then the whole run's, not the part after a restart. */
  boolean seenFromStart() {
    return plannedCompetitors != null || completedOf(PLANNING) > 0;
  }

  boolean ended() {
    return endedAt != null;
  }

  String status() {
    if (ended()) {
      return status;
    }
    return waitingForReview ? RunProgress.WAITING_FOR_REVIEW : RunProgress.RUNNING;
  }

  boolean waitingForReview() {
    return waitingForReview && !ended();
  }

  /** True before the (current round's) review is done: the ETA then runs to the report being ready for review. */
  boolean beforeReview() {
    return completedOf(REVIEW) < reviewRounds && !rejected;
  }

  int completedOf(RunPhase phase) {
    return completed.getOrDefault(phase, 0);
  }

  int pendingOf(RunPhase phase) {
    if (ended() && !(failurePath && phase == OUTCOME)) {
      return 0;
    }
    if (failurePath && phase != OUTCOME) {
      return 0;
    }
    // a run first seen mid-way (this instance restarted): what must have finished before its furthest job counts as
    // done, though its jobs were not seen (the competitors finish together before the report is written)
    if (phase == PLANNING && furthestPhase != PLANNING
        || (phase == RESEARCH || phase == ANALYSIS) && furthestPhase.ordinal() >= SYNTHESIS.ordinal()) {
      return 0;
    }
    if (phase == RESEARCH || phase == ANALYSIS) {
      return pendingPerCompetitor(phase);
    }
    return Math.max(0, expected(phase) - completedOf(phase));
  }

  /**
   * Counted competitor by competitor: a competitor whose analyses began has finished its research, even when this
   * instance did not see it (it restarted); competitors of the plan not seen yet expect a full round.
   */
  private int pendingPerCompetitor(RunPhase phase) {
    int pending = phase == RESEARCH ? researchPendingOfSeen : analysisPendingOfSeen;
    int notSeenYet = Math.max(0, (plannedCompetitors == null ? 0 : plannedCompetitors) - competitorsSeen.size());
    return pending + notSeenYet * (phase == RESEARCH ? RESEARCH_JOBS_PER_ROUND : ANALYSES_PER_COMPETITOR);
  }

  private int expected(RunPhase phase) {
    return switch (phase) {
      case PLANNING -> 1;
      case RESEARCH, ANALYSIS -> throw new IllegalStateException("counted per competitor");
      case SYNTHESIS -> SYNTHESIS_JOBS_PER_REVISION * reportRevisions;
      case REVIEW -> rejected ? completedOf(REVIEW) : reviewRounds;
      case DISTRIBUTION -> rejected ? 0 : DELIVERY_CHANNELS;
      case OUTCOME -> failurePath ? 2 : 1;
      case SCHEDULE, OTHER -> 0;
    };
  }

  /** The earliest phase with pending items; outcome once the run ended. */
  RunPhase phase() {
    if (ended()) {
      return OUTCOME;
    }
    for (RunPhase phase : ORDER) {
      if (pendingOf(phase) > 0) {
        return phase;
      }
    }
    return lastPhase;
  }

  PhaseProgress progressOf(RunPhase phase) {
    return new PhaseProgress(completedOf(phase), pendingOf(phase), failedAttempts.getOrDefault(phase, 0));
  }
}
