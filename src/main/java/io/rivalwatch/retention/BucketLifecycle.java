package io.rivalwatch.retention;

/**
 * The server-side twin of retention: the lifecycle configuration that makes the artefact bucket expire objects by
 * the same classes (implemented by the S3 store's adapter; absent with the file store).
 */
public interface BucketLifecycle {

  /** The configuration as S3's API takes it (the JSON of {@code aws s3api put-bucket-lifecycle-configuration}). */
  String configurationJson();
}
