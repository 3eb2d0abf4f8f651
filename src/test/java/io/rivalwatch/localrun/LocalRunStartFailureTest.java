package io.rivalwatch.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local run in a JVM of its own, told to use a bucket the S3 fake does not have: the application cannot start,
 * Spring Boot prints the property to fix, and the JVM ends with a non-zero code instead of hanging on the threads of
 * the fakes, the engine and the mail server it started first.
 */
class LocalRunStartFailureTest {

  @Test
  void whenTheApplicationCannotStartTheLocalRunExitsNonZeroAndSaysWhatToFix(@TempDir Path workDirectory)
      throws Exception {
    Path log = workDirectory.resolve("local-run.log");
    String classPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isBlank()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", classPath, LocalRun.class.getName(),
        "--cloud=fakes", "--server.port=0", "--rivalwatch.s3.bucket=no-such-bucket");
    // in a directory of its own: the local run keeps its data in ./rivalwatch-data
    Process process = new ProcessBuilder(command).directory(workDirectory.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      boolean ended = process.waitFor(3, TimeUnit.MINUTES);
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(ended).as("the local run ended; its output:%n%s", output).isTrue();
      assertThat(process.exitValue()).as(output).isEqualTo(LocalRun.START_FAILED);
      assertThat(output).contains("rivalwatch.s3.bucket: bucket 'no-such-bucket' not found")
          .contains("rivalwatch could not start (the reason is above); the local run ends here.");
    } finally {
      process.destroyForcibly();
    }
  }
}
