package io.rivalwatch.testsupport;

import io.rivalwatch.fakes.AgentCoreFake;
import io.rivalwatch.fakes.BedrockFake;
import io.rivalwatch.fakes.S3MockServer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cloud the aws profile talks to, on this machine: Bedrock and AgentCore Memory as HTTP fakes that answer with
 * the documented shapes, S3 as S3Mock. One per JVM; the AWS SDK reaches them with dummy credentials.
 */
public final class CloudFakes {

  private static CloudFakes shared;

  private final S3MockServer s3;
  private final AgentCoreFake agentCore;
  private final BedrockFake bedrock;
  private final String memoryId;

  private CloudFakes(S3MockServer s3, AgentCoreFake agentCore, BedrockFake bedrock, String memoryId) {
    this.s3 = s3;
    this.agentCore = agentCore;
    this.bedrock = bedrock;
    this.memoryId = memoryId;
  }

  public static synchronized CloudFakes shared() {
    if (shared == null) {
      S3MockServer s3 = S3MockServer.start();
      AgentCoreFake agentCore = AgentCoreFake.start();
      BedrockFake bedrock = BedrockFake.start();
      // dummy keys first in the default provider chain: nothing here can sign for a real account
      S3MockServer.useTestCredentials();
      shared = new CloudFakes(s3, agentCore, bedrock, agentCore.createMemory("rivalwatch"));
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "cloud-fakes-stop"));
    }
    return shared;
  }

  public S3MockServer s3() {
    return s3;
  }

  public AgentCoreFake agentCore() {
    return agentCore;
  }

  public BedrockFake bedrock() {
    return bedrock;
  }

  public String memoryId() {
    return memoryId;
  }

  /**
   * Drops whatever a test queued or set on the shared fakes (faults queued for the next calls, fault plans, answers
   * queued for the summary, the hold on each model call) and the Bedrock fake's request log; what the stores hold
   * stays. A test that queues behaviour calls this before it starts, so that a failed attempt's leftovers cannot meet
   * the attempt surefire runs next in the same JVM.
   */
  public void clearQueuedBehaviour() {
    bedrock.reset();
    bedrock.faults(null);
    bedrock.holdEachCall(null);
    agentCore.clearForcedFaults();
    agentCore.faults(null);
    s3.clearForcedFaults();
    s3.faults(null);
  }

  /** Properties that point the aws profile's three adapters at the fakes. */
  public Map<String, Object> properties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.putAll(s3.properties());
    p.putAll(agentCore.springProperties(memoryId));
    p.putAll(bedrock.properties());
    // the fake has no quota, and the process tests start runs back to back: the shared model rate limit (tested on
    // its own in ModelRateLimiterTest) must not slow them down
    p.put("rivalwatch.resilience.bedrock.requests-per-minute", 100_000);
    p.put("rivalwatch.resilience.bedrock.tokens-per-minute", 100_000_000);
    return p;
  }

  private void stop() {
    bedrock.close();
    agentCore.close();
    s3.stop();
  }
}
