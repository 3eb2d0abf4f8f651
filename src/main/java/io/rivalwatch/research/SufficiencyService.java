package io.rivalwatch.research;

import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.RunConfiguration;
import io.rivalwatch.planning.RunSettings;
import io.rivalwatch.workflow.RunPhase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * Judges after each research round whether a competitor has enough to analyse, should gather more, or has
 * nothing usable and is skipped. The bound on extra rounds comes from the run configuration.
 */
@Service
public class SufficiencyService {

  /** Documents shorter than this carry too little to analyse (a title, a stub page). */
  public static final int MIN_USABLE_CHARACTERS = 200;

  private final PlanningService planning;
  private final ResearchArchive archive;
  private final ArtefactJson artefacts;
  private final MemoryStore memory;
  private final Clock clock;

  public SufficiencyService(
      PlanningService planning, ResearchArchive archive, ArtefactJson artefacts, MemoryStore memory, Clock clock) {
    this.planning = planning;
    this.archive = archive;
    this.artefacts = artefacts;
    this.memory = memory;
    this.clock = clock;
  }

  public SufficiencyVerdict check(String runId, String competitorId, int round) {
    ArtefactKey key = ArtefactKeys.sufficiencyVerdict(runId, competitorId, round);
    RunConfiguration configuration = planning.configuration(runId);
    CompetitorProfile competitor = planning.competitor(runId, competitorId);
    SufficiencyVerdict verdict = artefacts.read(key, SufficiencyVerdict.class)
        .orElseGet(() -> artefacts.createOrRead(key,
            judge(configuration.settings(), competitor, round, archive.sourcesThrough(runId, competitorId, round)),
            SufficiencyVerdict.class));
    memory.record(new MemoryEntry(
        runId + "/research/" + competitorId + "/sufficiency-" + round,
        planning.scope(runId).competitorNamespace(competitorId),
        runId,
        RunPhase.RESEARCH.id(),
        competitorId,
        verdict.decision(),
        "Research on " + competitor.name() + " after round " + round + ": " + verdict.note(),
        clock.instant()));
    return verdict;
  }

  private static boolean usable(SourceDocument document) {
    return document.text() != null && document.text().length() >= MIN_USABLE_CHARACTERS;
  }

  static SufficiencyVerdict judge(
      RunSettings settings, CompetitorProfile competitor, int round, List<GatheredSource> sources) {
    List<String> failures = new ArrayList<>();
    List<SourceDocument> all = new ArrayList<>();
    Map<String, Integer> firstRound = new HashMap<>();
    Map<String, SourceKind> kindOf = new HashMap<>();
    for (GatheredSource source : sources) {
      if (source.round() > round) {
        continue;
      }
      if (source.failure() != null) {
        failures.add(source.kind().id() + " failed: " + source.failure());
      }
      source.problems().forEach(p -> failures.add(source.kind().id() + ": " + p));
      for (SourceDocument document : source.documents()) {
        all.add(document);
        // an address counts for the round and kind that first reached its full text
        if (usable(document)) {
          firstRound.putIfAbsent(document.url(), source.round());
          kindOf.putIfAbsent(document.url(), source.kind());
        }
      }
    }
    int gathered = all.size();
    Map<String, Integer> byKind = new TreeMap<>();
    int usable = 0;
    int newThisRound = 0;
    for (SourceDocument document : ResearchArchive.distinct(all)) {
      if (usable(document)) {
        usable++;
        byKind.merge(kindOf.get(document.url()).id(), 1, Integer::sum);
        if (firstRound.get(document.url()) == round) {
          newThisRound++;
        }
      }
    }
    int needed = settings.minUsableDocuments();
    String counts = usable + " usable " + (usable == 1 ? "document" : "documents") + " " + byKind;
    if (usable >= needed) {
      return new SufficiencyVerdict(SufficiencyVerdict.SUFFICIENT, round, usable, byKind,
          counts + ", enough (at least " + needed + " needed)");
    }
    // another round only helps if there is something to follow: links in what was read, or a round that
    // still found something new
    boolean moreMayHelp = round == 0 ? gathered > 0 : newThisRound > 0;
    if (round < settings.extraResearchRounds() && moreMayHelp) {
      return new SufficiencyVerdict(SufficiencyVerdict.GATHER_MORE, round, usable, byKind,
          counts + ", " + needed + " needed: gathering more (round " + (round + 1) + " of at most "
              + settings.extraResearchRounds() + " extra)");
    }
    if (usable > 0) {
      return new SufficiencyVerdict(SufficiencyVerdict.SUFFICIENT, round, usable, byKind,
          counts + " after " + round + " extra " + (round == 1 ? "round" : "rounds") + ": thin evidence ("
              + needed + " wanted), analysed with what there is");
    }
    String why = failures.isEmpty() ? "no source returned any text" : String.join("; ", failures.subList(0, Math.min(4, failures.size())));
    return new SufficiencyVerdict(SufficiencyVerdict.SKIP, round, 0, byKind,
        "no usable documents for " + competitor.name() + " after " + round + " extra "
            + (round == 1 ? "round" : "rounds") + " (" + why + ")");
  }
}
