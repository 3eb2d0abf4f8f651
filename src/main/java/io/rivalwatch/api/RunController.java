package io.rivalwatch.api;

import io.camunda.client.CamundaClient;
import io.rivalwatch.planning.RunSettings;
import io.rivalwatch.workflow.ProcessIds;
import io.rivalwatch.workflow.RunIds;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Starts a run on demand (the nightly runs start themselves from the model's timer). */
@RestController
public class RunController {

  private final CamundaClient client;

  public RunController(CamundaClient client) {
    this.client = client;
  }

  /**
   * Optional body: {"runConfiguration": "file:/path/to/run-configuration.yaml", "runId": "my-run-1",
   * "refresh": "full"}. {@code refresh} "full" analyses every competitor again; "incremental" reuses analyses whose
   * documents did not change; without it the run configuration's {@code settings.refresh} decides.
   */
  @PostMapping("/api/runs")
  public ResponseEntity<Map<String, Object>> start(@RequestBody(required = false) Map<String, String> body) {
    Map<String, Object> variables = new HashMap<>();
    if (body != null) {
      String refresh = body.get("refresh");
      if (refresh != null && !refresh.isBlank() && RunSettings.fullRefresh(refresh) == null) {
        return ResponseEntity.badRequest().body(Map.of("error",
            "refresh: '" + refresh + "' is not a refresh mode. " + RunSettings.refreshFix()));
      }
      for (String name : new String[] {"runConfiguration", "runId", "refresh"}) {
        if (body.get(name) != null && !body.get(name).isBlank()) {
          variables.put(name, body.get(name));
        }
      }
    }
    var instance = client.newCreateInstanceCommand().bpmnProcessId(ProcessIds.COMPETITIVE_INTELLIGENCE).latestVersion()
        .variables(variables).send().join();
    return ResponseEntity.accepted().body(Map.of(
        "processInstanceKey", instance.getProcessInstanceKey(),
        "runId", RunIds.resolve((String) variables.get("runId"), instance.getProcessInstanceKey())));
  }
}
