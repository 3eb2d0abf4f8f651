package io.rivalwatch.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/** S3Mock runs in the test JVM as its own application, untouched by rivalwatch's configuration and libraries. */
class S3MockServerTest {

  private static S3MockServer server;

  @BeforeAll
  static void start() {
    server = S3MockServer.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void listensOnPlainHttpOnLoopback() {
    assertThat(server.endpoint().getScheme()).isEqualTo("http");
    assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
    assertThat(server.endpoint().getPort()).isPositive();
    assertThat(server.properties())
        .containsEntry("rivalwatch.artefacts.store", "s3")
        .containsEntry("rivalwatch.s3.endpoint", server.endpoint().toString())
        .containsEntry("rivalwatch.s3.bucket", S3MockServer.DEFAULT_BUCKET)
        .containsEntry("rivalwatch.s3.path-style", true)
        .containsEntry("rivalwatch.s3.region", "us-east-1");
  }

  @Test
  void readsOnlyItsOwnConfigurationFile() {
    ConfigurableEnvironment environment = server.context().getEnvironment();
    List<String> sources = new ArrayList<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      sources.add(source.getName());
    }

    assertThat(sources).noneMatch(name -> name.contains("application.yaml"));
    assertThat(sources).anyMatch(name -> name.contains("s3mock") && name.contains("application.properties"));
    assertThat(environment.getProperty("rivalwatch.public-url")).isNull();
    assertThat(environment.getProperty("rivalwatch.artefacts.store")).isNull();
    // the Camunda client's environment post-processor does not run for S3Mock
    assertThat(environment.getProperty("camunda.client.mode")).isNull();
    assertThat(sources).noneMatch(name -> name.contains("self-managed"));
    // its own settings do apply
    assertThat(environment.getProperty("spring.main.lazy-initialization")).isEqualTo("true");
  }

  @Test
  void holdsNoneOfRivalwatchsOrCamundasBeans() {
    ConfigurableApplicationContext context = server.context();
    List<String> foreign = new ArrayList<>();
    for (String name : context.getBeanDefinitionNames()) {
      Class<?> type = context.getBeanFactory().getType(name, false);
      String typeName = type == null ? "" : type.getName();
      if (typeName.startsWith("io.rivalwatch.") || typeName.startsWith("io.camunda.")
          || name.toLowerCase().contains("camunda") || name.toLowerCase().contains("rivalwatch.")) {
        foreign.add(name + " (" + typeName + ")");
      }
    }

    assertThat(foreign).isEmpty();
    assertThat(context.getBeanNamesForType(S3MockServer.SerialConditionalWrites.class)).isEmpty();
    assertThat(context.containsBean("rivalwatchSerialConditionalWrites")).isTrue();
  }
}
