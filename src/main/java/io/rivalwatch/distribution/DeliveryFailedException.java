package io.rivalwatch.distribution;

/**
 * A channel could not deliver.
 *
 * @see #mayPass()
 */
public class DeliveryFailedException extends RuntimeException {

  private final boolean mayPass;

  public DeliveryFailedException(String message, boolean mayPass, Throwable cause) {
    super(message, cause);
    this.mayPass = mayPass;
  }

  /** True when trying again later may succeed (server down, throttled); false when it cannot (bad address). */
  public boolean mayPass() {
    return mayPass;
  }
}
