package io.rivalwatch.api;

import io.rivalwatch.progress.ProgressStreams;
import io.rivalwatch.progress.ProgressTracker;
import io.rivalwatch.progress.RunProgress;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Runs in progress as this application instance has seen them since it started (see docs/progress-api.md). A
 * restart forgets runs in flight until their next job finishes; the run record and Operate remain the truth.
 */
@RestController
public class ProgressController {

  private final ProgressTracker tracker;
  private final ProgressStreams streams;

  public ProgressController(ProgressTracker tracker, ProgressStreams streams) {
    this.tracker = tracker;
    this.streams = streams;
  }

  @GetMapping("/api/runs")
  public List<RunProgress> runs() {
    return tracker.runs();
  }

  @GetMapping("/api/runs/{runId}")
  public ResponseEntity<?> run(@PathVariable String runId) {
    return tracker.run(runId).<ResponseEntity<?>>map(ResponseEntity::ok)
        .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of(
            "error", "runId: no run '" + runId + "' is known to this instance. It knows runs that finished a job"
                + " since it started (" + tracker.since() + ") and forgets finished runs after a while. Check the"
                + " id in GET /api/runs, or find the run in Operate and its run record in the artefact store.")));
  }

  @GetMapping(path = "/api/runs/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter events() {
    return streams.open(null);
  }

  /** A run not known yet may be followed too: a client can connect right after starting it. */
  @GetMapping(path = "/api/runs/{runId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter events(@PathVariable String runId) {
    return streams.open(runId);
  }
}
