package io.rivalwatch.testsupport;

import io.rivalwatch.fakes.chaos.FaultPlan;
import io.rivalwatch.fakes.chaos.FaultPlan.Service;
import io.rivalwatch.fakes.chaos.SmtpGate;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared {@link LocalEnvironment} and {@link CloudFakes}, plus an {@link SmtpGate} in front of GreenMail, with
 * one {@link FaultPlan} installed on all of them at once: the sample web, Bedrock, AgentCore Memory, S3Mock and the
 * gate. One per JVM.
 *
 * <p>A chaos test installs a plan ({@link #install(long, Map)}), points the application at the gate rather than at
 * GreenMail ({@link #smtpProperties()}, registered after LocalEnvironment's properties so they win; or
 * {@link #localProperties} / {@link #cloudProperties} which include them), runs, reads the plan's ledger, and calls
 * {@link #clearFaults()} afterwards (in {@code @AfterEach}): the fakes are shared by every test in the JVM.
 */
public final class ChaosEnvironment {

  private static ChaosEnvironment shared;

  private final LocalEnvironment local;
  private final CloudFakes cloud;
  private final SmtpGate smtp;
  private FaultPlan plan;

  private ChaosEnvironment(LocalEnvironment local, CloudFakes cloud, SmtpGate smtp) {
    this.local = local;
    this.cloud = cloud;
    this.smtp = smtp;
  }

  /** Starts (once per JVM) the local environment, the cloud fakes and the SMTP gate; no faults installed. */
  public static synchronized ChaosEnvironment shared() {
    if (shared == null) {
      LocalEnvironment local = LocalEnvironment.shared();
      CloudFakes cloud = CloudFakes.shared();
      SmtpGate gate = SmtpGate.start(local.mail().getSmtp().getBindTo(), local.mail().getSmtp().getPort());
      Runtime.getRuntime().addShutdownHook(new Thread(gate::close, "smtp-gate-stop"));
      shared = new ChaosEnvironment(local, cloud, gate);
    }
    return shared;
  }

  public LocalEnvironment local() {
    return local;
  }

  public CloudFakes cloud() {
    return cloud;
  }

  public SmtpGate smtp() {
    return smtp;
  }

  /** The installed plan, or null. */
  public synchronized FaultPlan plan() {
    return plan;
  }

  /**
   * Installs a new plan with this seed and these rates (services not named: 0), default kinds and cap, on every fake.
   * Replaces any plan installed before.
   */
  public FaultPlan install(long seed, Map<Service, Double> rates) {
    return install(FaultPlan.seeded(seed).rates(rates));
  }

  /** Installs {@link FaultPlan#typical} with this seed: Bedrock 0.30, S3 0.10, AgentCore 0.10, web and SMTP 0. */
  public FaultPlan installTypical(long seed) {
    return install(FaultPlan.typical(seed));
  }

  /** Installs this plan on every fake and the gate, replacing any plan installed before. */
  public synchronized FaultPlan install(FaultPlan newPlan) {
    if (newPlan == null) {
      throw new IllegalArgumentException("no plan; to remove faults call clearFaults()");
    }
    apply(newPlan);
    plan = newPlan;
    return newPlan;
  }

  /** Removes the plan from every fake and the gate, and the gate's pending refusals: nothing is faulted any more. */
  public synchronized void clearFaults() {
    apply(null);
    smtp.reset();
    plan = null;
  }

  private void apply(FaultPlan p) {
    local.site().faults(p);
    cloud.bedrock().faults(p);
    cloud.agentCore().faults(p);
    cloud.s3().faults(p);
    smtp.faults(p);
  }

  /** {@code spring.mail.host} and {@code spring.mail.port}: the gate, not GreenMail directly. */
  public Map<String, Object> smtpProperties() {
    return smtp.properties();
  }

  /** {@link LocalEnvironment#properties(Path)} with mail going through the gate. */
  public Map<String, Object> localProperties(Path dataDirectory) {
    Map<String, Object> p = new LinkedHashMap<>(local.properties(dataDirectory));
    p.putAll(smtpProperties());
    return p;
  }

  /** {@link #localProperties(Path)} plus {@link CloudFakes#properties()}: the aws profile's adapters on the fakes. */
  public Map<String, Object> cloudProperties(Path dataDirectory) {
    Map<String, Object> p = localProperties(dataDirectory);
    p.putAll(cloud.properties());
    return p;
  }
}
