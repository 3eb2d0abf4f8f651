package io.rivalwatch.artefact;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Links people can open from Tasklist, e-mail and Slack: artefacts served by this application. */
@Component
public class ArtefactLinks {

  private final String publicUrl;

  public ArtefactLinks(@Value("${rivalwatch.public-url:http://localhost:8080}") String publicUrl) {
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  public String linkTo(ArtefactKey key) {
    return publicUrl + ArtefactController.PATH + "/" + key.path();
  }
}
