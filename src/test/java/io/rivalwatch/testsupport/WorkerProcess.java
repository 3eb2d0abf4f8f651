package io.rivalwatch.testsupport;

import io.rivalwatch.RivalwatchApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The application (its job workers) in a JVM of its own, started from the test classpath with the given
 * properties, so a test can kill it as a crash or an OOM kill would: no shutdown hooks, no closing of streams, no
 * failing of the jobs it holds. Its output goes to a log file next to the test reports.
 */
public final class WorkerProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static WorkerProcess start(String name, Map<String, Object> properties) {
    return start(name, properties, Map.of());
  }

  /**
   * @param systemProperties JVM system properties (-D), for what reads them rather than Spring's properties: the AWS
   *     SDK's default credentials chain
   */
  public static WorkerProcess start(String name, Map<String, Object> properties, Map<String, String> systemProperties) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:TieredStopAtLevel=1"));
    systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of("-cp", classPath(), RivalwatchApplication.class.getName()));
    properties.forEach((key, value) -> command.add("--" + key + "=" + value));
    try {
      Path log = Files.createDirectories(Path.of("target", "worker-processes")).resolve(name + ".log");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new WorkerProcess(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The test class path without empty entries: surefire's ends with a separator, and an empty entry would put the
   * working directory (the project root, with its bpmn/ folder) on the class path and deploy every model twice.
   */
  private static String classPath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isBlank()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  /** Kills the JVM at once (SIGKILL) and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + log, e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Where its output went, for a failing test's message. */
  public Path log() {
    return log;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
