package io.rivalwatch.research;

import io.rivalwatch.artefact.ArtefactFormat;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.text.Sha256;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The memory of pages that could not be read, kept in the artefact store so that every worker and every run sees
 * it (a process variable would be lost with the run, and a field with the worker):
 *
 * <ul>
 *   <li>a page refused for good (robots.txt, HTTP 4xx such as 404, binary, too large, a media type we cannot read)
 *       is not fetched again for {@code rivalwatch.research.permanent-failure-memory} (7 days by default), in any
 *       run of the same watch list (each list keeps its own: another list's verdict from an earlier hour could
 *       change its result, ADR 0023); its problem line then says "skipped: failed permanently on &lt;date&gt;";
 *   <li>a page that failed for a reason that may pass (timed out, refused connection, HTTP 5xx) is fetched at most
 *       {@value #MAX_TRIES_PER_RUN} times in one run. A breaker's refusal sends nothing and does not count.
 * </ul>
 *
 * <p>Records are keyed by the SHA-256 of the address, one artefact per page, so concurrent jobs never rewrite each
 * other's records. A lost update between two jobs of one run that fail the same page at once costs one extra fetch.
 */
@Component
public class FailedPages {

  /** A page that could not be reached is fetched at most this often per run: once, then one retry. */
  public static final int MAX_TRIES_PER_RUN = 2;

  /** A page that failed for good, across runs. */
  public record FailedPage(String address, String reason, Instant failedAt) {
    static final ArtefactFormat<FailedPage> FORMAT = ArtefactFormat.of("failed-page", FailedPage.class);
  }

  /** A page that could not be reached in one run, and how often. */
  public record UnreachablePage(String address, String reason, int failures) {
    static final ArtefactFormat<UnreachablePage> FORMAT = ArtefactFormat.of("unreachable-page", UnreachablePage.class);
  }

  private final ArtefactJson artefacts;
  private final Duration memory;
  private final Clock clock;
  private final io.rivalwatch.planning.PlanningService planning;

  /** @param planning gives the run's watch list: each list remembers its own failed pages (ADR 0023) */
  public FailedPages(ArtefactJson artefacts, ResearchProperties properties, Clock clock,
      io.rivalwatch.planning.PlanningService planning) {
    this.artefacts = artefacts;
    this.memory = properties.permanentFailureMemory();
    this.clock = clock;
    this.planning = planning;
  }

  /** The memory as one run's connectors use it. */
  public PageMemory forRun(String runId) {
    return new RunMemory(runId);
  }

  private final class RunMemory implements PageMemory {

    private final String runId;
    private final String area;

    RunMemory(String runId) {
      this.runId = runId;
      this.area = planning.scope(runId).historyArea();
    }

    @Override
    public Optional<String> skip(String address) {
      String hash = Sha256.hex(address);
      Optional<FailedPage> failed = artefacts.readCurrent(ArtefactKeys.failedPage(area, hash), FailedPage.class)
          .filter(page -> page.failedAt().plus(memory).isAfter(clock.instant()));
      if (failed.isPresent()) {
        return Optional.of(address + ": skipped: failed permanently on "
            + failed.get().failedAt().atZone(ZoneOffset.UTC).toLocalDate() + " (" + failed.get().reason() + ")");
      }
      return artefacts.readCurrent(ArtefactKeys.unreachablePage(runId, hash), UnreachablePage.class)
          .filter(page -> page.failures() >= MAX_TRIES_PER_RUN)
          .map(page -> address + ": skipped: not reached in " + page.failures() + " tries in this run ("
              + page.reason() + ")");
    }

    @Override
    public void failed(FetchException failure) {
      if (failure instanceof CircuitOpenFetchException) {
        return; // nothing was sent
      }
      if (!failure.isTransient()) {
        remember(failure.address(), failure.reason());
        return;
      }
      var key = ArtefactKeys.unreachablePage(runId, Sha256.hex(failure.address()));
      int failures = artefacts.readCurrent(key, UnreachablePage.class).map(UnreachablePage::failures).orElse(0);
      artefacts.overwrite(key, new UnreachablePage(failure.address(), failure.reason(), failures + 1));
    }

    @Override
    public void unreadable(String address, String reason) {
      remember(address, reason);
    }

    private void remember(String address, String reason) {
      if (!memory.isZero()) {
        // a later failure after the memory expired starts a new period
        artefacts.overwrite(ArtefactKeys.failedPage(area, Sha256.hex(address)),
            new FailedPage(address, reason, clock.instant()));
      }
    }
  }
}
