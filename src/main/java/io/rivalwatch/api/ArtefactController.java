package io.rivalwatch.api;

import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactLinks;
import io.rivalwatch.artefact.ArtefactStore;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Serves artefacts read-only, so reviewers and readers can open reports from Tasklist, e-mail and Slack. */
@RestController
public class ArtefactController {

  private final ArtefactStore store;

  public ArtefactController(ArtefactStore store) {
    this.store = store;
  }

  @GetMapping(ArtefactLinks.PATH + "/{runId}/{phase}/{competitor}/{name}")
  public ResponseEntity<byte[]> artefact(
      @PathVariable String runId, @PathVariable String phase, @PathVariable String competitor,
      @PathVariable String name) {
    ArtefactKey key;
    try {
      key = ArtefactKey.of(runId, phase, competitor, name);
    } catch (IllegalArgumentException e) {
      return ResponseEntity.badRequest().build();
    }
    return store.read(key)
        .map(bytes -> ResponseEntity.ok().contentType(mediaType(name)).body(bytes))
        .orElseGet(() -> ResponseEntity.notFound().build());
  }

  private static MediaType mediaType(String name) {
    if (name.endsWith(".html")) {
      return MediaType.parseMediaType("text/html;charset=UTF-8");
    }
    if (name.endsWith(".md")) {
      return MediaType.parseMediaType("text/markdown;charset=UTF-8");
    }
    if (name.endsWith(".json")) {
      return MediaType.APPLICATION_JSON;
    }
    return MediaType.APPLICATION_OCTET_STREAM;
  }
}
