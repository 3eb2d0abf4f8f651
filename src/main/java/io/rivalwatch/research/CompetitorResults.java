package io.rivalwatch.research;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.PlanningService;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Each competitor's result, kept in the artefact store rather than in the run's variables: a run of 100
 * competitors would otherwise carry 100 results in every job of the run and in the engine's state.
 */
@Service
public class CompetitorResults {

  private final ArtefactJson artefacts;
  private final PlanningService planning;

  public CompetitorResults(ArtefactJson artefacts, PlanningService planning) {
    this.artefacts = artefacts;
    this.planning = planning;
  }

  /** Written when the competitor's research process ends; a retry writes the same result again. */
  public void record(String runId, CompetitorResult result) {
    artefacts.overwrite(ArtefactKeys.competitorResult(runId, result.competitorId()), result);
  }

  /** One competitor's recorded result, or null when none was recorded. */
  public CompetitorResult of(String runId, String competitorId) {
    return artefacts.read(ArtefactKeys.competitorResult(runId, competitorId), CompetitorResult.class).orElse(null);
  }

  /**
   * The results of every competitor in the run's plan, in plan order. A competitor with no recorded result (its
   * research never ended) comes back with no research decision, so it counts as skipped and is listed as missing.
   */
  public List<CompetitorResult> of(String runId) {
    return planning.configuration(runId).competitors().stream()
        .map(CompetitorProfile::id)
        .map(id -> artefacts.read(ArtefactKeys.competitorResult(runId, id), CompetitorResult.class)
            .orElseGet(() -> new CompetitorResult(id, null, "no result was recorded for this competitor", null, null,
                null)))
        .toList();
  }
}
