package io.rivalwatch.adapters.s3;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a start-up stopped by {@link S3ConfigurationException} as Spring Boot's "APPLICATION FAILED TO START"
 * summary (the problems and what to change), not as a stack trace. Registered in {@code META-INF/spring.factories}.
 */
public class S3ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<S3ConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, S3ConfigurationException cause) {
    return new FailureAnalysis(
        "The S3 artefact store (rivalwatch.artefacts.store=s3) cannot start:\n\n  " + String.join("\n  ",
            cause.problems()),
        "Change the rivalwatch.s3.* settings named above (or set rivalwatch.artefacts.store=file) and start again.",
        cause);
  }
}
