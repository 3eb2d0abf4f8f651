package io.rivalwatch.api;

import io.rivalwatch.retention.BucketLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Retention for operators (docs/retention.md): the S3 bucket's lifecycle rules generated from the settings. */
@RestController
public class RetentionController {

  private final ObjectProvider<BucketLifecycle> lifecycle;

  public RetentionController(ObjectProvider<BucketLifecycle> lifecycle) {
    this.lifecycle = lifecycle;
  }

  /** The body is the JSON {@code aws s3api put-bucket-lifecycle-configuration --lifecycle-configuration} takes. */
  @GetMapping("/api/retention/bucket-lifecycle")
  public ResponseEntity<String> bucketLifecycle() {
    BucketLifecycle rules = lifecycle.getIfAvailable();
    if (rules == null) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN)
          .body("rivalwatch.artefacts.store: the artefacts are not in S3, so there is no bucket lifecycle. The "
              + "retention process (bpmn/data-retention.bpmn) deletes from the file store.\n");
    }
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(rules.configurationJson());
  }
}
