package io.rivalwatch.adapters.agentcore;

/**
 * The AgentCore memory cannot be used as configured, found at start-up. Spring Boot prints it through
 * {@link AgentCoreStartupFailureAnalyzer} as a description and an action (the property to fix) instead of a
 * stack trace, and the application does not start.
 */
public class AgentCoreStartupException extends RuntimeException {

  private final String description;
  private final String action;

  public AgentCoreStartupException(String description, String action, Throwable cause) {
    super(description + " Fix: " + action, cause);
    this.description = description;
    this.action = action;
  }

  public AgentCoreStartupException(String description, String action) {
    this(description, action, null);
  }

  /** What is wrong, in one or two sentences. */
  public String description() {
    return description;
  }

  /** What to change, naming the property or the permission. */
  public String action() {
    return action;
  }
}
