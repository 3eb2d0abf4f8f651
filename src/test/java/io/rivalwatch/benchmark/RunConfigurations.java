package io.rivalwatch.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run configurations with any number of made-up competitors (the fake sources answer for any of them). */
final class RunConfigurations {

  private RunConfigurations() {}

  static Path write(Path directory, int competitors) {
    StringBuilder yaml = new StringBuilder("""
        settings:
          extraResearchRounds: 2
          minUsableDocuments: 5
          reportAttempts: 3
          maxSectionWords: 2000
          emailRecipients: [analysts@rivalwatch.local]
        competitors:
        """);
    for (int i = 1; i <= competitors; i++) {
      String id = "c%03d".formatted(i);
      yaml.append("""
            - id: %1$s
              name: Competitor %2$03d
              website:
                pages: ["https://%1$s.example/"]
              news:
                feeds: ["https://%1$s.example/news.rss"]
              social:
                hackerNewsQuery: "Competitor %2$03d"
              market:
                secCik: "%3$010d"
          """.formatted(id, i, i));
    }
    try {
      // written once per size and moved into place whole: runs started at once plan from the same file
      Path file = directory.resolve("run-" + competitors + ".yaml");
      if (!Files.exists(file)) {
        Path partial = Files.createTempFile(directory, "run-", ".partial");
        Files.writeString(partial, yaml);
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
