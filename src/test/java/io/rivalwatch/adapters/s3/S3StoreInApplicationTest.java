package io.rivalwatch.adapters.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.RivalwatchApplication;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactLinks;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.fakes.S3MockServer;
import io.rivalwatch.testsupport.LocalEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole rivalwatch application and S3Mock in one JVM: rivalwatch keeps its artefacts in S3Mock and serves them,
 * and neither application sees the other's configuration.
 */
@ExtendWith(OutputCaptureExtension.class)
class S3StoreInApplicationTest {

  @TempDir Path data;

  @Test
  void rivalwatchKeepsAndServesItsArtefactsFromS3() throws Exception {
    try (S3MockServer s3 = S3MockServer.start("rivalwatch-app");
        ConfigurableApplicationContext app = rivalwatch(s3.properties())) {
      assertThat(app.getBean(ArtefactStore.class)).isInstanceOf(S3ArtefactStore.class);
      var key = ArtefactKey.forRun("run-app", "planning", "run-configuration.json");

      assertThat(app.getBean(ArtefactJson.class).createIfAbsent(key, new io.rivalwatch.planning.RunConfiguration(
          new io.rivalwatch.planning.RunSettings(0, 1, 1, 500, java.util.List.of()), java.util.List.of()))).isTrue();

      int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
      try (HttpClient http = HttpClient.newHttpClient()) {
        URI page = URI.create("http://127.0.0.1:" + port + "/artefacts/" + key.path());
        assertThat(http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
            .as("without signing in").isEqualTo(401);
        HttpResponse<String> served = http.send(HttpRequest.newBuilder(page)
                .header("Authorization", LocalEnvironment.authorization(LocalEnvironment.OPERATOR)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).contains("\"artefactType\" : \"run-configuration\"", "\"competitors\" : [ ]");

        // links people keep (e-mail, Slack, Tasklist) go to the signed-in page, not to S3, even with the S3 store
        assertThat(app.getBean(ArtefactLinks.class).linkTo(key))
            .isEqualTo("https://rivalwatch.example.com/artefacts/run-app/planning/_run/run-configuration.json");
        // a presigned link, still given to an operator at hand, is short-lived by default
        URI link = app.getBean(ArtefactStore.class).locate(key);
        assertThat(link.toString()).startsWith(s3.endpoint() + "/rivalwatch-app/rivalwatch/run-app/")
            .contains("X-Amz-Expires=900");
        assertThat(http.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofString()).body())
            .isEqualTo(served.body());
      }
      // S3Mock's application.properties (lazy initialisation and more) stays out of rivalwatch's context
      assertThat(app.getEnvironment().getProperty("spring.main.lazy-initialization")).isNull();
      assertThat(app.getEnvironment().getProperty("com.adobe.testing.s3mock.region")).isNull();
      assertThat(Files.exists(data.resolve("artefacts"))).isFalse();
    }
  }

  @Test
  void aMissingBucketStopsTheApplicationWithTheSettingToFix(CapturedOutput output) {
    try (S3MockServer s3 = S3MockServer.start("rivalwatch-other")) {
      Map<String, Object> properties = new LinkedHashMap<>(s3.properties());
      properties.put("rivalwatch.s3.bucket", "rivalwatch-missing");

      Throwable failure = null;
      try (ConfigurableApplicationContext ignored = rivalwatch(properties)) {
        // must not start
      } catch (RuntimeException e) {
        failure = e;
      }

      assertThat(failure).isNotNull();
      assertThat(output).contains("APPLICATION FAILED TO START")
          .contains("rivalwatch.s3.bucket: bucket 'rivalwatch-missing' not found in us-east-1 at " + s3.endpoint()
              + " (HTTP 404). Fix: create it or point rivalwatch.s3.bucket at an existing bucket");
    }
  }

  private ConfigurableApplicationContext rivalwatch(Map<String, Object> s3Properties) {
    Map<String, Object> properties = new LinkedHashMap<>(s3Properties);
    properties.put("rivalwatch.data-directory", data.toString());
    // no engine here: nothing is deployed, no worker opens a job stream
    properties.put("rivalwatch.deployment.enabled", false);
    properties.put("camunda.client.worker.defaults.enabled", false);
    properties.put("camunda.client.grpc-address", "http://127.0.0.1:1");
    properties.put("camunda.client.rest-address", "http://127.0.0.1:1");
    properties.put("server.port", 0);
    properties.put("server.address", "127.0.0.1");
    properties.put("rivalwatch.public-url", "https://rivalwatch.example.com/");
    properties.put("rivalwatch.security.users[0].name", LocalEnvironment.OPERATOR);
    properties.put("rivalwatch.security.users[0].password", LocalEnvironment.password(LocalEnvironment.OPERATOR));
    properties.put("rivalwatch.security.users[0].roles", "operator");
    return new SpringApplicationBuilder(RivalwatchApplication.class)
        .properties(Map.of())
        .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
  }
}
