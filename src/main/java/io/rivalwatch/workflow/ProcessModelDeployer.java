package io.rivalwatch.workflow;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1.DeployResourceCommandStep2;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys bpmn/*.bpmn and forms/*.form at start-up, in one deployment so the review form and the model that links
 * it arrive together. The engine keeps the version when nothing changed, so restarts do not pile up versions.
 */
@Component
public class ProcessModelDeployer implements ApplicationRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessModelDeployer.class);

  private final CamundaClient client;
  private final DeploymentProperties properties;

  public ProcessModelDeployer(CamundaClient client, DeploymentProperties properties) {
    this.client = client;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    if (properties.enabled()) {
      deploy();
    }
  }

  public DeploymentEvent deploy() throws IOException {
    var resolver = new PathMatchingResourcePatternResolver();
    List<Resource> resources = new ArrayList<>();
    resources.addAll(Arrays.asList(resolver.getResources("classpath*:bpmn/*.bpmn")));
    resources.addAll(Arrays.asList(resolver.getResources("classpath*:forms/*.form")));
    resources.sort(Comparator.comparing(Resource::getFilename));
    if (resources.isEmpty()) {
      throw new IllegalStateException("no process models found under classpath:bpmn/ - is the build complete?");
    }
    DeployResourceCommandStep2 command = null;
    for (Resource resource : resources) {
      command = add(command, resource);
    }
    DeploymentEvent event = command.send().join();
    LOG.info("Deployed {} (job-based user tasks: {})",
        event.getProcesses().stream().map(p -> p.getBpmnProcessId() + " v" + p.getVersion()).toList(),
        properties.jobBasedUserTasks());
    return event;
  }

  private DeployResourceCommandStep2 add(DeployResourceCommandStep2 command, Resource resource) throws IOException {
    String name = resource.getFilename();
    try (InputStream in = resource.getInputStream()) {
      if (name.endsWith(".bpmn") && properties.jobBasedUserTasks()) {
        BpmnModelInstance model = Bpmn.readModelFromStream(in);
        JobBasedUserTasks.apply(model);
        return command == null
            ? client.newDeployResourceCommand().addProcessModel(model, name)
            : command.addProcessModel(model, name);
      }
      byte[] bytes = in.readAllBytes();
      return command == null
          ? client.newDeployResourceCommand().addResourceBytes(bytes, name)
          : command.addResourceBytes(bytes, name);
    }
  }
}
