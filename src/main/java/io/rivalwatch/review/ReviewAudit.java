package io.rivalwatch.review;

import io.rivalwatch.artefact.ArtefactFormat;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.audit.AuditAction;
import io.rivalwatch.audit.AuditEntry;
import io.rivalwatch.audit.AuditTrail;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Records who decided each review, one {@link AuditAction#REVIEW_DECIDED} entry per decision (a review that asks for
 * changes and is then approved leaves two).
 *
 * <p>Who: on a Camunda cluster the review is a Camunda user task, and the person who completes it in Tasklist is
 * its assignee; the task's completing listener ({@link #recordCompleter}) keeps that name before the task completes.
 * On the embedded engine the review is a job and no listener runs, so the one who completes it says who they are in
 * the variable {@code reviewedBy}. The decision itself is recorded by the review's end listener ({@link
 * #recordDecision}), after the task's output mappings wrote it: one place for both engines.
 */
@Service
public class ReviewAudit {

  /** The task's assignee, kept by the completing listener; wins over a {@code reviewedBy} variable. */
  public static final String FROM_ASSIGNEE = "the user task's assignee";
  /** Nobody was assigned (or no listener ran): the name the completer gave in {@code reviewedBy}. */
  public static final String FROM_VARIABLE = "the reviewedBy variable given by the completer";
  /** The completer named nobody. */
  public static final String UNNAMED = "unnamed reviewer";

  private final ArtefactJson artefacts;
  private final AuditTrail trail;
  private final Clock clock;

  public ReviewAudit(ArtefactJson artefacts, AuditTrail trail, Clock clock) {
    this.artefacts = artefacts;
    this.trail = trail;
    this.clock = clock;
  }

  /**
   * Keeps who is completing this review round (the Camunda user task's assignee), once per round.
   *
   * @param reviewInstance the user task's element instance key: one per review round, the same for its listeners
   */
  public void recordCompleter(String runId, long reviewInstance, String assignee, Long userTaskKey) {
    artefacts.createIfAbsent(completerKey(runId, reviewInstance), new Completer(
        assignee == null || assignee.isBlank() ? null : assignee, clock.instant(),
        userTaskKey == null ? null : userTaskKey.toString()));
  }

  /** Who completed a review round, and when; the task key is kept as text, as it always was. */
  record Completer(String assignee, java.time.Instant at, String userTaskKey) {
    static final ArtefactFormat<Completer> FORMAT = ArtefactFormat.of("review-completer", Completer.class);
  }

  /**
   * Records this round's decision once (a repeated listener job writes nothing).
   *
   * @param reviewInstance the user task's element instance key
   * @param reviewedBy the completer's own word for who they are, used when the task had no assignee
   */
  public void recordDecision(String runId, long reviewInstance, String decision, String comments, Integer revision,
      String reviewedBy) {
    String assignee = artefacts.read(completerKey(runId, reviewInstance), Completer.class)
        .map(Completer::assignee).orElse(null);
    String actor;
    String source;
    if (assignee != null) {
      actor = assignee;
      source = FROM_ASSIGNEE;
    } else if (reviewedBy != null && !reviewedBy.isBlank()) {
      actor = reviewedBy.strip();
      source = FROM_VARIABLE;
    } else {
      actor = UNNAMED;
      source = "nobody: the task had no assignee and the completer gave no reviewedBy";
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put(AuditEntry.DECISION, decision == null ? "none" : decision);
    details.put("commentsLength", Integer.toString(comments == null ? 0 : comments.length()));
    if (revision != null) {
      details.put("revision", revision.toString());
    }
    details.put("reviewerFrom", source);
    if (assignee != null && reviewedBy != null && !reviewedBy.isBlank() && !assignee.equals(reviewedBy.strip())) {
      // someone passed a name that is not the assignee's: kept beside it, never instead of it
      details.put("reviewedByVariable", reviewedBy.strip());
    }
    trail.record(entryId(reviewInstance), new AuditEntry(runId, Instant.now(clock), actor,
        AuditAction.REVIEW_DECIDED, details));
  }

  /** The decision recorded for this review round, if any. */
  public Optional<AuditEntry> decision(String runId, long reviewInstance) {
    return trail.entry(runId, entryId(reviewInstance));
  }

  static String entryId(long reviewInstance) {
    return "review-decided-" + reviewInstance;
  }

  private static ArtefactKey completerKey(String runId, long reviewInstance) {
    return ArtefactKeys.reviewCompleter(runId, reviewInstance);
  }
}
