package io.rivalwatch.testsupport;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.planning.PlanningProperties;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.RunConfigurationLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

/** Watch lists as YAML files in a test's folder, and planning that reads them, for tests without Spring. */
public final class WatchListFolder {

  private WatchListFolder() {}

  /** Writes {@code lists/<name>.yaml} under the folder; the settings returned read that {@code lists} folder. */
  public static PlanningProperties write(Path folder, String name, String yaml) throws IOException {
    Path lists = Files.createDirectories(folder.resolve("lists"));
    Files.writeString(lists.resolve(name + ".yaml"), yaml);
    return PlanningProperties.of(lists.toUri().toString(), null, null);
  }

  /** Planning over those watch lists with the plain loader and the system clock. */
  public static PlanningService planning(PlanningProperties properties, ArtefactJson artefacts, MemoryStore memory) {
    return new PlanningService(new RunConfigurationLoader(new DefaultResourceLoader(), new StandardEnvironment(),
        properties), artefacts, properties, memory, Clock.systemUTC());
  }
}
