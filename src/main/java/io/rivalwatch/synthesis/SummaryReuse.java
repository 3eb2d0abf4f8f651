package io.rivalwatch.synthesis;

import io.rivalwatch.artefact.ArtefactFormat;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Reuses an executive summary whose inputs have not changed: the index {@code history/summaries/_run/<fingerprint>.json}
 * names the latest run that holds a summary made from that {@link SummaryFingerprint}. A run whose summary input has
 * the same fingerprint copies that text instead of asking the model, and says so in its report. Each revision keeps
 * where its summary came from ({@link SummaryProvenance}), so a retried job says the same thing.
 *
 * <p>The index is keyed by the fingerprint, not by watch list: the fingerprint holds every competitor and analysis
 * the summary reads, so a run of the same watch list over unchanged sources finds it, and a summary is never taken
 * from a run whose input differed in anything the writer reads.
 */
@Component
class SummaryReuse {

  private static final String CONTENT_TYPE = "text/markdown; charset=utf-8";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private final ArtefactStore store;
  private final ArtefactJson artefacts;
  private final Clock clock;

  SummaryReuse(ArtefactStore store, ArtefactJson artefacts, Clock clock) {
    this.store = store;
    this.artefacts = artefacts;
    this.clock = clock;
  }

  /**
   * Where a revision's summary came from.
   *
   * @param runId the run that holds this copy
   * @param writtenIn the run in which the model wrote the text
   * @param writtenAt when it was written
   * @param copiedFrom the run this copy was taken from, or null when written in {@code runId}
   * @param writer the writer's version it was written with
   */
  record SummaryProvenance(String fingerprint, String runId, int revision, String writtenIn, Instant writtenAt,
      String copiedFrom, String writer) {
    static final ArtefactFormat<SummaryProvenance> FORMAT =
        ArtefactFormat.of("summary-provenance", SummaryProvenance.class);

    boolean reused() {
      return copiedFrom != null;
    }

    /** The report's line under a reused summary; empty for a summary written in this run. */
    Optional<String> note() {
      if (!reused()) {
        return Optional.empty();
      }
      return Optional.of("This summary was reused from run " + writtenIn + " of " + DAY.format(writtenAt)
          + ", with no model call: the analyses, reviewer comments, quality findings, prompt and model it was "
          + "written from are unchanged.");
    }
  }

  /** A summary that can be reused: the latest run's copy of it and its text. */
  record Reusable(SummaryProvenance source, String text) {}

  /** What the revision's summary came from, once it has one. */
  Optional<SummaryProvenance> provenance(String runId, int revision) {
    return artefacts.read(ArtefactKeys.executiveSummaryProvenance(runId, revision), SummaryProvenance.class);
  }

  /** The latest stored summary made from this input, if any is still stored. */
  Optional<Reusable> find(String fingerprint) {
    Optional<SummaryProvenance> latest =
        artefacts.readCurrent(ArtefactKeys.summaryReuseIndex(fingerprint), SummaryProvenance.class)
            .filter(p -> p.fingerprint().equals(fingerprint));
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    return store.read(ArtefactKeys.executiveSummary(latest.get().runId(), latest.get().revision()))
        .map(bytes -> new Reusable(latest.get(), new String(bytes, StandardCharsets.UTF_8)));
  }

  /** Copies a reusable summary into the revision, keeps where it came from, and makes this run the latest holder. */
  SummaryProvenance copy(String runId, int revision, Reusable reusable) {
    SummaryProvenance source = reusable.source();
    // the text first: a provenance record is never left without its text
    store.createIfAbsent(ArtefactKeys.executiveSummary(runId, revision),
        reusable.text().getBytes(StandardCharsets.UTF_8), CONTENT_TYPE);
    SummaryProvenance copied = artefacts.createOrRead(ArtefactKeys.executiveSummaryProvenance(runId, revision),
        new SummaryProvenance(source.fingerprint(), runId, revision, source.writtenIn(), source.writtenAt(),
            source.runId(), source.writer()), SummaryProvenance.class);
    remember(copied);
    return copied;
  }

  /**
   * Keeps that the revision's summary (already stored) was written in this run and, when it may be reused, indexes
   * it for later runs.
   *
   * @param reusable false for a summary a fallback wrote: a later run writes it again with the usual model
   */
  SummaryProvenance written(String runId, int revision, String fingerprint, String writer, boolean reusable) {
    SummaryProvenance written = artefacts.createOrRead(ArtefactKeys.executiveSummaryProvenance(runId, revision),
        new SummaryProvenance(fingerprint, runId, revision, runId, clock.instant(), null, writer),
        SummaryProvenance.class);
    if (reusable) {
      remember(written);
    }
    return written;
  }

  /**
   * The provenance of a summary that is stored but whose provenance is not (the job stopped between the two
   * writes): a copy when the index names another run whose text is the same, else written here.
   */
  SummaryProvenance settle(String runId, int revision, String fingerprint, String writer, byte[] text,
      boolean reusable) {
    Optional<Reusable> source = find(fingerprint).filter(r -> !r.source().runId().equals(runId))
        .filter(r -> Arrays.equals(r.text().getBytes(StandardCharsets.UTF_8), text));
    return source.isPresent() ? copy(runId, revision, source.get())
        : written(runId, revision, fingerprint, writer, reusable);
  }

  private void remember(SummaryProvenance provenance) {
    ArtefactKey key = ArtefactKeys.summaryReuseIndex(provenance.fingerprint());
    if (artefacts.readCurrent(key, SummaryProvenance.class).filter(provenance::equals).isEmpty()) {
      artefacts.overwrite(key, provenance);
    }
  }
}
