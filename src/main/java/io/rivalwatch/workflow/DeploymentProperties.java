package io.rivalwatch.workflow;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled deploy the models and forms at start-up (off when they are deployed by a pipeline instead)
 * @param jobBasedUserTasks deploy user tasks as job-based ones, for the embedded engine (see {@link JobBasedUserTasks})
 */
@ConfigurationProperties("rivalwatch.deployment")
public record DeploymentProperties(Boolean enabled, boolean jobBasedUserTasks) {

  public DeploymentProperties {
    enabled = enabled == null || enabled;
  }
}
