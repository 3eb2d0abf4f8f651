package io.rivalwatch.resilience;

import io.rivalwatch.resilience.OutsideServices.BreakerState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * The outside services' breakers in {@code /actuator/health} under "outsideServices": each breaker's state, failed
 * calls in its window and remaining open time, and which are open. The status stays UP while breakers are open: a
 * degraded dependency is waited out by the jobs (they come back when the breaker allows a trial), and restarting
 * the workers, which a DOWN status would make Kubernetes do, would not help it.
 */
@Component
public class OutsideServicesHealthIndicator extends AbstractHealthIndicator {

  private final OutsideServices services;

  public OutsideServicesHealthIndicator(OutsideServices services) {
    super("outside services health check failed");
    this.services = services;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    List<BreakerState> states = services.states();
    Map<String, Object> breakers = new LinkedHashMap<>();
    for (BreakerState state : states) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("state", state.state().name());
      detail.put("failedCalls", state.failedCalls());
      detail.put("bufferedCalls", state.bufferedCalls());
      if (state.open()) {
        detail.put("remainingOpen", state.remainingOpen().toString());
        detail.put("remainingOpenSeconds", (state.remainingOpen().toMillis() + 999) / 1000);
      }
      breakers.put(state.service(), detail);
    }
    builder.up()
        .withDetail("open", states.stream().filter(BreakerState::open).map(BreakerState::service).toList())
        .withDetail("failureThreshold", services.settings().failureThreshold())
        .withDetail("openDuration", services.settings().openDuration().toString())
        .withDetail("breakers", breakers);
  }
}
