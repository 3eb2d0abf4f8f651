package io.rivalwatch.progress;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open server-sent-event streams. Each finished job goes to every stream of all runs and to the streams of its
 * run, as an event named {@value #EVENT}. A stream leaves the list when the client disconnects, the stream times
 * out, or a send fails, so none is kept for a client that is gone.
 */
@Component
public class ProgressStreams {

  public static final String EVENT = "job";
  private static final Logger LOG = LoggerFactory.getLogger(ProgressStreams.class);

  private record Stream(SseEmitter emitter, String runId) {
    boolean wants(JobProgress update) {
      return runId == null || runId.equals(update.runId());
    }
  }

  private final List<Stream> streams = new CopyOnWriteArrayList<>();
  private final long timeoutMillis;

  ProgressStreams(ProgressTracker tracker, ProgressProperties properties) {
    this.timeoutMillis = properties.streamTimeout().toMillis();
    tracker.subscribe(this::send);
  }

  /** A new stream of every run's jobs ({@code runId} null) or of one run's. */
  public SseEmitter open(String runId) {
    SseEmitter emitter = new SseEmitter(timeoutMillis);
    Stream stream = new Stream(emitter, runId);
    emitter.onCompletion(() -> streams.remove(stream));
    emitter.onTimeout(() -> {
      streams.remove(stream);
      emitter.complete();
    });
    emitter.onError(e -> streams.remove(stream));
    streams.add(stream);
    try {
      // a first line so the client knows the stream is open before any job finishes
      emitter.send(SseEmitter.event().comment("rivalwatch progress" + (runId == null ? "" : " of run " + runId)));
    } catch (IOException e) {
      streams.remove(stream);
    }
    return emitter;
  }

  /**
   * Ends every stream when the application stops: an open stream is a request in progress, and a graceful shutdown
   * would otherwise wait its full timeout for each. Clients reconnect to the next instance.
   */
  @EventListener(ContextClosedEvent.class)
  public void closeAll() {
    for (Stream stream : streams) {
      streams.remove(stream);
      try {
        stream.emitter().complete();
      } catch (RuntimeException alreadyClosed) {
        // nothing left to close
      }
    }
  }

  /** Streams open now (for tests and diagnostics). */
  public int open() {
    return streams.size();
  }

  // on the tracker's delivery thread, never a worker's
  private void send(JobProgress update) {
    for (Stream stream : streams) {
      if (!stream.wants(update)) {
        continue;
      }
      try {
        stream.emitter().send(SseEmitter.event().name(EVENT).data(update, MediaType.APPLICATION_JSON));
      } catch (IOException | IllegalStateException gone) {
        LOG.debug("progress stream closed: {}", gone.toString());
        streams.remove(stream);
        try {
          stream.emitter().complete();
        } catch (RuntimeException alreadyClosed) {
          // nothing left to close
        }
      }
    }
  }
}
