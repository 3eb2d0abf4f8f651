package io.rivalwatch.adapters.agentcore;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link AgentCoreStartupException} into Spring Boot's "APPLICATION FAILED TO START" report: what is
 * wrong and which property to change. Registered in {@code META-INF/spring.factories}.
 */
public class AgentCoreStartupFailureAnalyzer extends AbstractFailureAnalyzer<AgentCoreStartupException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, AgentCoreStartupException cause) {
    return new FailureAnalysis("AgentCore Memory cannot be used: " + cause.description(), cause.action(), cause);
  }
}
