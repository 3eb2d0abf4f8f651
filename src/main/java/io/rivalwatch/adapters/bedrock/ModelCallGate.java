package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.resilience.ModelRateLimiter;
import io.rivalwatch.resilience.OutsideServices;
import java.util.function.Supplier;

/**
 * Lets a model call through once the model's circuit breaker ("bedrock:&lt;modelId&gt;", {@link OutsideServices})
 * is not open, fewer than the model's in-flight cap are running, and the shared per-model limit on requests and
 * tokens ({@link ModelRateLimiter}) has let it through; then runs it inside the breaker. The limit sits outside the breaker: its refusal is ours, not the model's failure.
 */
final class ModelCallGate {

  private final OutsideServices services;
  private final ModelRateLimiter limiter;

  ModelCallGate(OutsideServices services, ModelRateLimiter limiter) {
    this.services = services;
    this.limiter = limiter;
  }

  /**
   * @param characters the characters of the prompt, for the token estimate
   * @throws io.rivalwatch.failure.OutsideServiceException CIRCUIT_OPEN or RATE_LIMITED without calling
   */
  ModelReply call(String modelId, long characters, int maxTokens, Supplier<ModelReply> call) {
    String service = BedrockErrors.service(modelId);
    services.refuseIfOpen(service);
    // the in-flight cap first: a call waiting for a slot has not spent its share of the per-minute limits yet
    return limiter.inFlight(service, () -> {
      limiter.acquire(service, modelId, ModelRateLimiter.estimateTokens(characters, maxTokens));
      return services.call(service, call);
    });
  }
}
