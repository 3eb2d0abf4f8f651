package io.rivalwatch.resilience;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How many worker instances run against the cluster ({@code rivalwatch.deployment.instances}, ADR 0021), and so
 * this instance's share of each limit that holds for the deployment as a whole: the in-flight caps per model and per
 * source API, the requests and tokens per minute per model, and the politeness per host. Each limit is divided by
 * the number of instances, rounded down; a limit smaller than the number of instances cannot be divided (an instance
 * would get nothing) and stops the start with an error that names the setting.
 *
 * @param instances worker instances of the deployment (default 1: the whole limit is this instance's)
 */
@ConfigurationProperties("rivalwatch.deployment")
public record DeploymentInstances(Integer instances) {

  public static final String PROPERTY = "rivalwatch.deployment.instances";
  private static final Logger log = LoggerFactory.getLogger(DeploymentInstances.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  public DeploymentInstances {
    instances = instances == null ? 1 : instances;
    if (instances < 1) {
      throw new IllegalArgumentException(PROPERTY + ": " + instances + " is not a number of instances. Fix: set the "
          + "number of worker instances that run against the cluster, 1 or more (default 1)");
    }
  }

  /** One instance: every limit is its own. */
  public static DeploymentInstances single() {
    return new DeploymentInstances(1);
  }

  /** True when more than one instance runs, so what one instance knows must be shared with the others. */
  public boolean several() {
    return instances > 1;
  }

  /**
   * This instance's share of a limit the whole deployment must keep: {@code total / instances}, rounded down, so the
   * shares never add up to more than the total.
   *
   * @param property the limit's setting, for the error and the warning
   * @throws IllegalArgumentException when the total is smaller than the number of instances
   */
  public int share(long total, String property) {
    if (total < instances) {
      throw new IllegalArgumentException(property + " = " + total + " cannot be split between " + instances
          + " worker instances (" + PROPERTY + "): each would get less than 1. Fix: raise " + property
          + " to at least " + instances + ", or run fewer instances");
    }
    long share = total / instances;
    if (total % instances != 0 && WARNED.add(property + "/" + total + "/" + instances)) {
      log.warn("{} = {} does not divide evenly between {} instances: each takes {}, so {} stay unused", property,
          total, instances, share, total - share * instances);
    }
    return (int) Math.min(Integer.MAX_VALUE, share);
  }

  /**
   * The least time between two starts of this instance that keeps the deployment's rate: with one start per
   * {@code gap} for the deployment, each of n instances starts once per n x {@code gap}.
   */
  public Duration spread(Duration gap) {
    return gap.multipliedBy(instances);
  }
}
