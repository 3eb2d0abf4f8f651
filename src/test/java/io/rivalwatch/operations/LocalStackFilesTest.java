package io.rivalwatch.operations;

import static io.rivalwatch.operations.OperationsFiles.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be checked of the Docker stack without a Docker engine: every file parses, the compose file has the
 * services, images and ports docs/docker-compose.md and the runbook promise, and Prometheus, its alerts and Grafana
 * fit together.
 */
class LocalStackFilesTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) {
    var services = (Map<String, Object>) yaml(COMPOSE).get("services");
    assertThat(services).as("services in docker-compose.yml").containsKey(name);
    return (Map<String, Object>) services.get(name);
  }

  @SuppressWarnings("unchecked")
  private static List<String> ports(String service) {
    return ((List<Object>) service(service).get("ports")).stream().map(String::valueOf).toList();
  }

  @Test
  void composeRunsCamundaWithTheClientsVersionAndThePortsTheApplicationExpects() throws IOException {
    String clientVersion = Pattern.compile("<camunda.version>([^<]+)</camunda.version>")
        .matcher(read(ROOT.resolve("pom.xml"))).results().findFirst().orElseThrow().group(1);

    assertThat(service("orchestration").get("image")).isEqualTo("camunda/camunda:" + clientVersion);
    assertThat(ports("orchestration")).containsExactlyInAnyOrder("26500:26500", "8088:8080", "9600:9600");
    assertThat((String) service("elasticsearch").get("image"))
        .startsWith("docker.elastic.co/elasticsearch/elasticsearch:8.17.");
    assertThat(ports("mailpit")).containsExactlyInAnyOrder("1025:1025", "8025:8025");
    assertThat(ports("prometheus")).containsExactly("9090:9090");
    assertThat(ports("grafana")).containsExactly("3000:3000");
    assertThat(service("prometheus").get("extra_hosts")).asList().contains("host.docker.internal:host-gateway");

    // the application's defaults point at this cluster: no property to change for gRPC and REST
    String application = read(ROOT.resolve("src/main/resources/application.yaml"));
    assertThat(application).contains("grpc-address: http://localhost:26500").contains("rest-address: http://localhost:8088");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theOrchestrationConfigurationLogsInWithDemoAndStoresInElasticsearch() {
    var configs = (Map<String, Object>) yaml(COMPOSE).get("configs");
    String content = (String) ((Map<String, Object>) configs.get("orchestration-config")).get("content");
    Map<String, Object> camunda = (Map<String, Object>) new org.yaml.snakeyaml.Yaml().<Map<String, Object>>load(content)
        .get("camunda");
    var security = (Map<String, Object>) camunda.get("security");
    var authentication = (Map<String, Object>) security.get("authentication");
    assertThat(authentication).containsEntry("method", "basic").containsEntry("unprotectedApi", true);
    var users = (List<Map<String, Object>>) ((Map<String, Object>) security.get("initialization")).get("users");
    assertThat(users).anySatisfy(u -> assertThat(u).containsEntry("username", "demo").containsEntry("password", "demo"));
    var storage = (Map<String, Object>) ((Map<String, Object>) camunda.get("data")).get("secondary-storage");
    assertThat(storage.get("type")).isEqualTo("elasticsearch");
    assertThat(((Map<String, Object>) storage.get("elasticsearch")).get("url")).isEqualTo("http://elasticsearch:9200");
  }

  @Test
  @SuppressWarnings("unchecked")
  void composeMountsEveryFileItNamesAndTheyExist() {
    List<String> missing = new ArrayList<>();
    for (String name : List.of("prometheus", "grafana", "keycloak")) {
      for (Object volume : (List<Object>) service(name).get("volumes")) {
        String source = String.valueOf(volume).split(":")[0];
        if (source.startsWith("./") && !Files.exists(ROOT.resolve(source))) {
          missing.add(name + ": " + source);
        }
      }
    }
    assertThat(missing).as("bind mounts whose source is not in the repository").isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void prometheusScrapesTheApplicationOnTheHostAndCamundasManagementPort() {
    var config = yaml(PROMETHEUS);
    var jobs = (List<Map<String, Object>>) config.get("scrape_configs");
    assertThat(jobs).extracting(j -> j.get("job_name")).containsExactly("rivalwatch", "camunda");
    assertThat(jobs.get(0)).containsEntry("metrics_path", "/actuator/prometheus");
    assertThat(jobs.get(0).get("static_configs").toString()).contains("host.docker.internal:8080");
    assertThat(jobs.get(1).get("static_configs").toString()).contains("orchestration:9600");
    assertThat((List<String>) config.get("rule_files")).containsExactly("/etc/prometheus/alerts.yml");
    // the rule file is mounted where prometheus.yml looks for it
    assertThat(service("prometheus").get("volumes").toString()).contains("./prometheus/alerts.yml:/etc/prometheus/alerts.yml");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAlertSaysWhatHappenedAndLinksItsRunbookSection() {
    String runbook = read(RUNBOOK);
    var rules = alertRules();
    assertThat(rules).isNotEmpty();
    rules.forEach((name, rule) -> {
      var annotations = (Map<String, String>) rule.get("annotations");
      assertThat(annotations.get("summary")).as(name + " summary").isNotBlank();
      assertThat(annotations.get("runbook_url")).as(name + " runbook_url")
          .endsWith("docs/runbook.md#" + name.toLowerCase());
      assertThat(runbook).as("docs/runbook.md has a heading for " + name).containsPattern("(?m)^#+ " + name + "$");
      assertThat(((Map<String, String>) rule.get("labels")).get("severity")).as(name + " severity")
          .isIn("info", "warning", "critical");
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void grafanaIsProvisionedWithTheDatasourceEveryDashboardPanelUses() {
    var datasources = (List<Map<String, Object>>) yaml(PROVISIONING.resolve("datasources/prometheus.yml")).get("datasources");
    assertThat(datasources).singleElement().satisfies(d -> {
      assertThat(d).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
    });
    String uid = (String) datasources.get(0).get("uid");
    var providers = (List<Map<String, Object>>) yaml(PROVISIONING.resolve("dashboards/rivalwatch.yml")).get("providers");
    assertThat(((Map<String, Object>) providers.get(0).get("options")).get("path")).isEqualTo("/var/lib/grafana/dashboards");
    assertThat(service("grafana").get("volumes").toString()).contains("./grafana/dashboards:/var/lib/grafana/dashboards");

    assertThat(dashboards()).isNotEmpty();
    for (Path file : dashboards()) {
      JsonNode dashboard = json(file);
      assertThat(dashboard.path("uid").asText()).as(file + " uid").isNotBlank();
      for (JsonNode panel : dashboard.path("panels")) {
        if (panel.path("type").asText().equals("row")) {
          continue;
        }
        String title = file.getFileName() + " / " + panel.path("title").asText();
        assertThat(panel.path("datasource").path("uid").asText()).as(title + " datasource").isEqualTo(uid);
        assertThat(panel.path("targets").size()).as(title + " queries").isPositive();
        panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).as(title + " query").isNotBlank());
      }
    }
  }

  /**
   * The stack's OpenID Connect provider: Keycloak imports the realm at start, with a user in each role's group, the
   * application's confidential client (browser sign-in, the API audience, a groups claim the application reads by
   * default) and Prometheus's own client, and the keycloak profile's standard Spring properties point at them.
   */
  @Test
  @SuppressWarnings("unchecked")
  void keycloakServesTheRealmWithAUserPerRoleAndTheApplicationsClient() {
    var keycloak = service("keycloak");
    assertThat((String) keycloak.get("image")).startsWith("quay.io/keycloak/keycloak:26.");
    assertThat(ports("keycloak")).containsExactly("8180:8080");
    assertThat(keycloak.get("command").toString()).contains("start-dev", "--import-realm");
    assertThat(keycloak.get("environment").toString()).contains("KC_HOSTNAME=http://localhost:8180");
    assertThat(keycloak.get("volumes").toString())
        .contains("./keycloak/rivalwatch-realm.json:/opt/keycloak/data/import/rivalwatch-realm.json");

    JsonNode realm = json(REALM);
    assertThat(realm.path("realm").asText()).isEqualTo("rivalwatch");
    var roleByGroup = io.rivalwatch.api.security.SignInProperties.DEFAULT_ROLE_MAPPING;
    Map<String, String> roleOfUser = new java.util.TreeMap<>();
    realm.path("users").forEach(user -> user.path("groups").forEach(group ->
        roleOfUser.put(user.path("username").asText(), roleByGroup.get(group.asText().replaceFirst("^/", "")))));
    assertThat(roleOfUser).as("users and the role their group maps to by default").containsEntry("vera", "viewer")
        .containsEntry("otto", "operator").containsEntry("ada", "admin")
        .containsEntry("service-account-rivalwatch-prometheus", "metrics");
    realm.path("users").forEach(user -> {
      if (!user.has("serviceAccountClientId")) {
        assertThat(user.path("credentials").get(0).path("temporary").asBoolean()).as(user + " password").isFalse();
      }
    });

    JsonNode app = client(realm, "rivalwatch");
    assertThat(app.path("publicClient").asBoolean()).as("the application's client is confidential").isFalse();
    assertThat(app.path("standardFlowEnabled").asBoolean()).as("authorization code flow").isTrue();
    assertThat(app.path("redirectUris").toString()).contains("http://localhost:8080/login/oauth2/code/*");
    assertGroupsAndAudience(app);

    // the keycloak profile: Spring's standard properties, pointed at this realm and client
    var profile = yaml(ROOT.resolve("src/main/resources/application-keycloak.yaml"));
    var oauth2 = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) profile.get("spring"))
        .get("security")).get("oauth2");
    var jwt = (Map<String, Object>) ((Map<String, Object>) oauth2.get("resourceserver")).get("jwt");
    assertThat((String) jwt.get("issuer-uri")).endsWith(":http://localhost:8180/realms/rivalwatch}");
    assertThat(jwt.get("audiences")).isEqualTo("rivalwatch-api");
    var registration = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) oauth2.get("client"))
        .get("registration")).get("keycloak");
    assertThat(registration.get("client-id")).isEqualTo("rivalwatch");
    assertThat((String) registration.get("client-secret")).endsWith(":" + app.path("secret").asText() + "}");
  }

  /** Prometheus scrapes the application with its own credential: a token of its client, whose role is metrics. */
  @Test
  @SuppressWarnings("unchecked")
  void prometheusScrapesTheApplicationWithItsOwnCredential() {
    var job = ((List<Map<String, Object>>) yaml(PROMETHEUS).get("scrape_configs")).get(0);
    assertThat(job.get("job_name")).isEqualTo("rivalwatch");
    var oauth2 = (Map<String, Object>) job.get("oauth2");
    JsonNode client = client(json(REALM), (String) oauth2.get("client_id"));
    assertThat(client.path("serviceAccountsEnabled").asBoolean()).as("client credentials").isTrue();
    assertThat(oauth2.get("client_secret")).isEqualTo(client.path("secret").asText());
    // inside the compose network, Keycloak is its service name; the realm is the one imported
    assertThat(oauth2.get("token_url"))
        .isEqualTo("http://keycloak:8080/realms/rivalwatch/protocol/openid-connect/token");
    assertGroupsAndAudience(client);
    assertThat(service("prometheus").get("depends_on").toString()).contains("keycloak");
  }

  private static final Path REALM = ROOT.resolve("keycloak/rivalwatch-realm.json");

  private static JsonNode client(JsonNode realm, String clientId) {
    for (JsonNode client : realm.path("clients")) {
      if (client.path("clientId").asText().equals(clientId)) {
        return client;
      }
    }
    throw new AssertionError("no client " + clientId + " in " + REALM);
  }

  /** Tokens carry the group names in the claim the application reads by default, and the API's audience. */
  private static void assertGroupsAndAudience(JsonNode client) {
    List<JsonNode> mappers = new ArrayList<>();
    client.path("protocolMappers").forEach(mappers::add);
    assertThat(mappers).as(client.path("clientId") + " groups mapper").anySatisfy(m -> {
      assertThat(m.path("protocolMapper").asText()).isEqualTo("oidc-group-membership-mapper");
      assertThat(m.path("config").path("claim.name").asText()).isEqualTo("groups");
      assertThat(m.path("config").path("full.path").asText()).as("group names without a leading /").isEqualTo("false");
      assertThat(m.path("config").path("access.token.claim").asText()).isEqualTo("true");
    });
    assertThat(mappers).as(client.path("clientId") + " audience mapper").anySatisfy(m -> {
      assertThat(m.path("protocolMapper").asText()).isEqualTo("oidc-audience-mapper");
      assertThat(m.path("config").path("included.custom.audience").asText()).isEqualTo("rivalwatch-api");
    });
  }

  @Test
  void metricNamesAreReadOutOfPromQl() {
    assertThat(metricNames("histogram_quantile(0.95, sum by (le, job_type) (rate(rivalwatch_jobs_seconds_bucket[$__rate_interval])))"))
        .containsExactly("rivalwatch_jobs_seconds_bucket");
    assertThat(metricNames("sum by (source) (increase(a_total{outcome=\"failed\"}[1h])) / sum by (source) (increase(b_total[1h])) > 0.5"))
        .containsExactly("a_total", "b_total");
    assertThat(metricNames("max by (name) (x{state=\"open\"}) == 1 and on (name) y unless z offset 5m"))
        .containsExactly("x", "y", "z");
  }

  /**
   * promtool (Debian package "prometheus") checks the rules and the configuration as Prometheus would load them, and
   * runs the alerts' unit tests. Skipped where promtool is not installed.
   */
  @Test
  void promtoolAcceptsTheConfigurationAndTheRules(@TempDir Path dir) throws Exception {
    Path promtool = Path.of("/usr/bin/promtool");
    assumeTrue(Files.isExecutable(promtool), "promtool is not installed");
    assertThat(run(promtool.toString(), "check", "rules", ALERTS.toString())).contains("SUCCESS");
    // prometheus.yml names the rules where the container mounts them: check a copy that names this checkout's file
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, read(PROMETHEUS).replace("/etc/prometheus/alerts.yml", ALERTS.toString()));
    assertThat(run(promtool.toString(), "check", "config", config.toString())).contains("SUCCESS");
    // the alerts fire (and stay quiet) on the series in prometheus/alerts.test.yml as intended
    assertThat(run(promtool.toString(), "test", "rules", ROOT.resolve("prometheus/alerts.test.yml").toString()))
        .contains("SUCCESS");
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
    return output;
  }
}
