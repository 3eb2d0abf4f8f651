package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.fakes.BedrockFake;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Bedrock fake and test rig per test class; every test starts with no faults, an empty usage ledger and closed
 * breakers.
 */
abstract class BedrockFakeTestBase {

  static BedrockFake fake;
  @TempDir static Path artefacts;
  static BedrockTestRig rig;

  @BeforeAll
  static void startFake() {
    fake = BedrockFake.start();
    rig = new BedrockTestRig(fake, artefacts);
  }

  @AfterAll
  static void stopFake() {
    rig.close();
    fake.close();
  }

  @BeforeEach
  void resetFake() {
    fake.reset();
    rig.forgetUsage();
    // one test's failing model must not leave the next test's calls refused
    rig.services.reset();
  }
}
