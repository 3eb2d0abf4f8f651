package io.rivalwatch.artefact;

import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Links people open from Tasklist, e-mail and Slack. A store that gives web links of its own (S3's presigned links)
 * is linked directly, so the link works without this application; otherwise the link goes through this
 * application's /artefacts endpoint.
 */
@Component
public class ArtefactLinks {

  /** Where the application serves artefacts (api.ArtefactController). */
  public static final String PATH = "/artefacts";

  private final ArtefactStore store;
  private final String publicUrl;

  public ArtefactLinks(ArtefactStore store, @Value("${rivalwatch.public-url:http://localhost:8080}") String publicUrl) {
    this.store = store;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  public String linkTo(ArtefactKey key) {
    URI own = store.locate(key);
    if ("https".equals(own.getScheme()) || "http".equals(own.getScheme())) {
      return own.toString();
    }
    return publicUrl + PATH + "/" + key.path();
  }
}
