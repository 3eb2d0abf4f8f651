package io.rivalwatch.fakes.chaos;

import io.rivalwatch.research.TransientFetchException;

/**
 * A transient fault a fake can inject, with the status and error type the real service answers with. Only faults
 * the product's adapters classify as TRANSIENT or RATE_LIMITED are here: a chaos run must be able to complete.
 *
 * <ul>
 *   <li>Bedrock runtime: {@link #THROTTLING} (429, RATE_LIMITED), {@link #SERVICE_UNAVAILABLE} (503, TRANSIENT),
 *       {@link #INTERNAL_SERVER_ERROR} (500, TRANSIENT), {@link #CUT_OFF} (an incomplete answer, TRANSIENT),
 *       {@link #DELAY} (a whole answer, late: no failure at all unless it outlasts the task's timeout);</li>
 *   <li>AgentCore Memory data plane: {@link #THROTTLING}, {@link #SERVICE_UNAVAILABLE}, {@link #INTERNAL_SERVER_ERROR};</li>
 *   <li>S3: {@link #SLOW_DOWN} (503 SlowDown, RATE_LIMITED), {@link #INTERNAL_ERROR} (500 InternalError, TRANSIENT),
 *       {@link #SERVICE_UNAVAILABLE_S3} (503 ServiceUnavailable, TRANSIENT);</li>
 *   <li>S3 and AgentCore Memory: {@link #CONNECTION_RESET} (the connection closed without an answer: an I/O error in
 *       the SDK, TRANSIENT);</li>
 *   <li>web pages and feeds: {@link #UNAVAILABLE} (503 without Retry-After, a TransientFetchException);</li>
 *   <li>SMTP: {@link #SMTP_SERVICE_NOT_AVAILABLE} (a 421 greeting) and {@link #CONNECTION_CLOSED} (closed at once),
 *       both a MailSendException in JavaMailSender, TRANSIENT.</li>
 * </ul>
 */
public enum FaultKind {

  /** HTTP 429 ThrottlingException; the plan draws a Retry-After of 0 or 1 seconds. */
  THROTTLING(429, "ThrottlingException", "Too many requests, please wait before trying again."),
  /** HTTP 503 ServiceUnavailableException. */
  SERVICE_UNAVAILABLE(503, "ServiceUnavailableException", "Service unavailable. Try again later."),
  /** HTTP 500 InternalServerException. */
  INTERNAL_SERVER_ERROR(500, "InternalServerException", "An internal server error occurred."),
  /** S3's HTTP 503 with {@code <Code>SlowDown</Code>}. */
  SLOW_DOWN(503, "SlowDown", "Please reduce your request rate."),
  /** S3's HTTP 500 with {@code <Code>InternalError</Code>}. */
  INTERNAL_ERROR(500, "InternalError", "We encountered an internal error. Please try again."),
  /**
   * Bedrock's answer cut off: a Converse body that ends half-way, a ConverseStream that ends mid-event without its
   * messageStop and metadata events (HTTP 200 both). Not among Bedrock's default kinds: name it in
   * {@link FaultPlan#kinds}.
   */
  CUT_OFF(200, null, "the answer was cut off"),
  /**
   * Bedrock's whole answer, sent only after the plan's {@link FaultPlan#delays delay} (5 s unless set): a slow model,
   * not an error. Not among Bedrock's default kinds: name it in {@link FaultPlan#kinds}.
   */
  DELAY(200, null, "the answer arrives late"),
  /** S3's HTTP 503 with {@code <Code>ServiceUnavailable</Code>}. */
  SERVICE_UNAVAILABLE_S3(503, "ServiceUnavailable", "Service is unable to handle request."),
  /**
   * The server closes the connection without answering (what a reset between load balancer and client looks like
   * to the SDK); the request had no effect.
   */
  CONNECTION_RESET(0, null, "connection closed without an answer"),
  /** A web server's HTTP 503, no Retry-After. */
  UNAVAILABLE(503, null, "Service Unavailable"),
  /** An SMTP server greets with 421 and closes the connection. */
  SMTP_SERVICE_NOT_AVAILABLE(421, null, "4.3.2 Service not available, closing transmission channel"),
  /** The connection is closed at once, before any greeting. */
  CONNECTION_CLOSED(0, null, "connection closed before the greeting");

  private final int status;
  private final String errorType;
  private final String message;

  FaultKind(int status, String errorType, String message) {
    this.status = status;
    this.errorType = errorType;
    this.message = message;
  }

  /** The HTTP status (the SMTP reply code for {@link #SMTP_SERVICE_NOT_AVAILABLE}; 0 when nothing is answered). */
  public int status() {
    return status;
  }

  /** The service's error type or code (x-amzn-ErrorType, S3's {@code <Code>}), or null. */
  public String errorType() {
    return errorType;
  }

  public String message() {
    return message;
  }
}
