package io.rivalwatch.artefact;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Links people open from Tasklist, e-mail and Slack: always this application's /artefacts page under its public
 * address, where the reader signs in and needs the viewer role (docs/security.md). Never the store's own address: a
 * presigned S3 link opens for anyone who holds a forwarded mail, for as long as it lives.
 */
@Component
public class ArtefactLinks {

  /** Where the application serves artefacts (api.ArtefactController). */
  public static final String PATH = "/artefacts";

  private final String publicUrl;

  public ArtefactLinks(@Value("${rivalwatch.public-url:http://localhost:8080}") String publicUrl) {
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  /** The application's public address these links start with (rivalwatch.public-url, without a trailing '/'). */
  public String publicUrl() {
    return publicUrl;
  }

  /** True for a link this application makes to one of its artefacts. */
  public boolean isOwn(String url) {
    return url != null && url.startsWith(publicUrl + PATH + "/") && !url.contains("..");
  }

  public String linkTo(ArtefactKey key) {
    return publicUrl + PATH + "/" + key.path();
  }
}
