package io.rivalwatch.localrun;

import io.camunda.client.CamundaClient;
import io.rivalwatch.RivalwatchApplication;
import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.planning.InvalidConfigurationException;
import io.rivalwatch.planning.RunConfigurationLoader;
import io.rivalwatch.progress.ProgressTracker;
import io.rivalwatch.sample.SampleSite;
import io.rivalwatch.synthesis.ReportRebuildRefused;
import io.rivalwatch.synthesis.ReportRebuilds;
import io.rivalwatch.testsupport.CloudFakes;
import io.rivalwatch.testsupport.EmbeddedEngine;
import io.rivalwatch.testsupport.LocalEnvironment;
import io.rivalwatch.workflow.ProcessIds;
import jakarta.mail.internet.MimeMessage;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.MapPropertySource;

/**
 * The local run: one complete nightly run on the bundled sample data, with no cloud account and no Docker.
 * Starts the embedded engine, the sample web and an SMTP server, starts the application against them (same BPMN,
 * same workers), starts a run, prints its progress, and at the end prints where the report and the delivered
 * messages are. Run it with {@code ./mvnw spring-boot:test-run}.
 *
 * <p>Arguments: {@code --review=auto} (default: approve at once) or {@code --review=page} (decide on
 * http://localhost:8080/local/review); {@code --cloud=fakes} to run the aws profile (Bedrock, AgentCore Memory, S3)
 * against local fakes of those services through the real AWS SDK; {@code --refresh=full} to analyse every competitor
 * again instead of reusing analyses whose documents did not change; {@code --watch-list=every-source} to run another
 * watch list of src/test/resources/runs (default: {@code sample}, three competitors on the sample web), or
 * {@code --watch-list=all} for every list there with a schedule, one run after the other;
 * {@code --sample-night=2} to show the sample web as on its second night (default: one more than the local runs in
 * rivalwatch-data, so consecutive runs see prices, news and pages change); {@code --rebuild-report=<runId>} (with
 * {@code --revision=N}, else the latest) to rebuild a stored report from its stored input alone, print what that
 * found and end without starting a run (docs/rebuilding-reports.md); any Spring
 * property, e.g.
 * {@code --server.port=8081}.
 */
public final class LocalRun {

  /** The exit code when the application could not start. */
  static final int START_FAILED = 3;

  /** Who starts the local run, in its audit trail. */
  static final String LOCAL_OPERATOR = "local-operator";

  private LocalRun() {}

  /** The sample web's port in every local run, so a page's address is the same as in the run before. */
  static final int SAMPLE_SITE_PORT = 18089;

  /**
   * Documents are recognised by address and content across runs; on a new port every page would look new and every
   * analysis would be made again. Another port is used only when this one is taken.
   */
  private static void useStableSampleSitePort(PrintStream out) {
    if (System.getProperty(LocalEnvironment.SITE_PORT) != null) {
      return;
    }
    try (var socket = new java.net.ServerSocket(SAMPLE_SITE_PORT)) {
      System.setProperty(LocalEnvironment.SITE_PORT, String.valueOf(SAMPLE_SITE_PORT));
    } catch (java.io.IOException taken) {
      out.println("Port " + SAMPLE_SITE_PORT + " is taken: the sample web uses another, so its pages get new "
          + "addresses and this run analyses them all again.");
    }
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    Path data = Path.of("rivalwatch-data").toAbsolutePath();
    // read first: a mistyped request ends here, before anything starts
    RebuildRequest rebuild = rebuildRequest(args);
    out.println("rivalwatch local run: embedded engine, sample web, SMTP on this machine; data in " + data);
    useStableSampleSitePort(out);
    LocalEnvironment environment = LocalEnvironment.shared();
    int night = sampleNight(args, data);
    environment.site().night(night);
    out.println("Sample web: night " + environment.site().nightOfCycle() + " of " + SampleSite.NIGHTS + " (local run "
        + night + " in " + data + "; prices, news and pages change from night to night, see docs/dashboard.md)");
    boolean cloudFakes = java.util.Arrays.asList(args).contains("--cloud=fakes");
    Map<String, Object> properties = new java.util.LinkedHashMap<>(environment.properties(data));
    // the local run is the product: the server's caps (budget, competitors, concurrent runs, starts per minute) hold
    // as application.yaml sets them; only the tests lift them, having tests of their own for the caps
    properties.keySet().removeIf(name -> name.startsWith("rivalwatch.limits."));
    if (cloudFakes) {
      out.println("aws profile against local fakes: Bedrock (Converse), AgentCore Memory, S3 (S3Mock)");
      properties.putAll(CloudFakes.shared().properties());
    }

    SpringApplication application = new SpringApplication(RivalwatchApplication.class);
    application.setAdditionalProfiles(cloudFakes ? new String[] {"local-run", "aws"} : new String[] {"local-run"});
    // above application.yaml (which points at a real cluster), below the command line (so --server.port works)
    application.addInitializers(context -> {
      var sources = context.getEnvironment().getPropertySources();
      var local = new MapPropertySource("local-environment", properties);
      if (sources.contains(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME)) {
        sources.addAfter(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME, local);
      } else {
        sources.addFirst(local);
      }
    });
    int exitCode = 0;
    ConfigurableApplicationContext started;
    try {
      started = application.run(args);
    } catch (RuntimeException | Error startFailed) {
      // Spring Boot has printed why (the failure analysis names the property to fix); the fakes, the engine and the
      // mail server started above run on threads that would keep this JVM alive for ever: end it
      out.println("\nrivalwatch could not start (the reason is above); the local run ends here.");
      environment.mail().stop();
      environment.site().stop();
      EmbeddedEngine.stop();
      System.exit(START_FAILED);
      return;
    }
    try (ConfigurableApplicationContext context = started) {
      if (rebuild != null) {
        // a rebuild instead of a run: no list is run
        exitCode = rebuildReport(out, context.getBean(ReportRebuilds.class), rebuild);
      }
      CamundaClient client = context.getBean(CamundaClient.class);
      // --watch-list=every-source runs src/test/resources/runs/every-source.yaml; --watch-list=all every list there
      // with a schedule, one run after the other; by default the sample watch list
      String requested = java.util.Arrays.stream(args).filter(a -> a.startsWith("--watch-list=")).findFirst()
          .map(a -> a.substring("--watch-list=".length())).orElse(null);
      List<String> lists = rebuild != null ? List.of()
          : ALL.equals(requested) ? scheduledLists(context) : java.util.Collections.singletonList(requested);
      if (lists.isEmpty() && rebuild == null) {
        out.println("No watch list in " + LocalEnvironment.WATCH_LISTS + " has a schedule: nothing to run.");
        exitCode = 1;
      } else if (lists.size() > 1) {
        out.println("Running " + lists.size() + " watch lists, one after the other: " + String.join(", ", lists));
      }
      String previousRunId = null;
      for (String list : lists) {
        // an embedded engine restarts its keys, so the run id carries the time to stay unique in rivalwatch-data
        String runId = runIdNow();
        while (runId.equals(previousRunId)) {
          Thread.sleep(100);
          runId = runIdNow();
        }
        previousRunId = runId;
        if (lists.size() > 1) {
          out.println("\n== Watch list " + list);
          // each run's outbox holds its own messages
          environment.mail().purgeEmailFromAllMailboxes();
          environment.site().wireMock().resetRequests();
        }
        int code = runOne(out, context, client, environment, args, list, runId, data, cloudFakes);
        exitCode = Math.max(exitCode, code);
        if (code == 2) {
          break;
        }
      }
    } finally {
      environment.mail().stop();
      environment.site().stop();
      EmbeddedEngine.stop();
    }
    System.exit(exitCode);
  }

  /** {@code --rebuild-report=<runId>} and {@code --revision=N}: which stored report to rebuild. */
  record RebuildRequest(String runId, Integer revision) {}

  /** The rebuild the arguments ask for, or null when they ask for a run; a malformed request names the fix. */
  static RebuildRequest rebuildRequest(String[] args) {
    String runId = null;
    Integer revision = null;
    boolean revisionGiven = false;
    for (String arg : args) {
      if (arg.startsWith("--rebuild-report=")) {
        runId = arg.substring("--rebuild-report=".length()).strip();
        if (runId.isEmpty()) {
          throw new IllegalArgumentException("--rebuild-report needs a run id, e.g. --rebuild-report="
              + "local-20261206-220658 (the local run prints it; the runs are the folders of rivalwatch-data/artefacts)");
        }
      } else if (arg.startsWith("--revision=")) {
        revisionGiven = true;
        try {
          revision = Integer.valueOf(arg.substring("--revision=".length()).strip());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--revision must be a report revision number (1, 2, 3...), was " + arg,
              e);
        }
      }
    }
    if (runId == null && revisionGiven) {
      throw new IllegalArgumentException("--revision goes with --rebuild-report=<runId>: it names the revision to "
          + "rebuild");
    }
    return runId == null ? null : new RebuildRequest(runId, revision);
  }

  /** Rebuilds and prints what that found: 0 when it was done (identical or rebuilt), 1 when it was refused. */
  static int rebuildReport(PrintStream out, ReportRebuilds rebuilds, RebuildRequest request) {
    out.println("\nRebuilding the report of run " + request.runId()
        + (request.revision() == null ? " (latest revision)" : ", revision " + request.revision())
        + " from its stored input alone: no source, model or memory is asked.");
    try {
      out.print(rebuilds.rebuild(request.runId(), request.revision(), LOCAL_OPERATOR).describe());
      return 0;
    } catch (ReportRebuildRefused refused) {
      out.println("Not rebuilt: " + refused.getMessage());
      return 1;
    }
  }

  /** {@code --watch-list=all}: every watch list of the local run's directory that has a schedule. */
  static final String ALL = "all";

  private static String runIdNow() {
    return "local-" + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
  }

  /** The lists that run by themselves on a server: the ones with a schedule (the others are the tests' fixtures). */
  private static List<String> scheduledLists(ConfigurableApplicationContext context) {
    RunConfigurationLoader loader = context.getBean(RunConfigurationLoader.class);
    return loader.names().stream().filter(name -> {
      try {
        return loader.schedule(name).isPresent();
      } catch (InvalidConfigurationException unreadable) {
        return false;
      }
    }).toList();
  }

  /** Starts one run of the watch list (null: the default), prints its progress and where things are; the exit code. */
  private static int runOne(PrintStream out, ConfigurableApplicationContext context, CamundaClient client,
      LocalEnvironment environment, String[] args, String watchList, String runId, Path data, boolean cloudFakes)
      throws Exception {
      // the audit trail names who started the run: here, the person at this terminal
      Map<String, Object> variables = new java.util.HashMap<>(Map.of("runId", runId, "startedBy", LOCAL_OPERATOR));
      // --refresh=full analyses everything again; by default analyses whose documents did not change are reused
      java.util.Arrays.stream(args).filter(a -> a.startsWith("--refresh=")).findFirst()
          .ifPresent(a -> variables.put("refresh", a.substring("--refresh=".length())));
      if (watchList != null) {
        variables.put("watchList", watchList);
      }
      long key = client.newCreateInstanceCommand().bpmnProcessId(ProcessIds.COMPETITIVE_INTELLIGENCE).latestVersion()
          .variables(variables).send().join().getProcessInstanceKey();
      out.println("Started run " + runId + " (process instance " + key + ")");
      String port = context.getEnvironment().getProperty("local.server.port", "8080");
      String api = "http://localhost:" + port + "/api/runs";
      printHowToSignIn(out);
      String viewer = "-u " + LocalEnvironment.VIEWER + ":" + LocalEnvironment.password(LocalEnvironment.VIEWER) + " ";
      out.println("Progress:  curl " + viewer + api + "/" + runId + " (all runs: curl " + viewer + api
          + "; each job as it finishes: curl -N " + viewer + api + "/" + runId + "/events)");
      out.println("Each line: [seconds] phase, competitor, job and its status, then [phase jobs done/expected so far,"
          + " model cost so far]\n");

      ProgressPrinter progress = new ProgressPrinter(EmbeddedEngine.get(), key, runId,
          context.getBean(ProgressTracker.class), out);
      while (!progress.ended() && !progress.incident()) {
        progress.printNew();
        Thread.sleep(200);
      }
      progress.printRest(java.time.Duration.ofSeconds(5));
      progress.close();
      if (progress.incident()) {
        out.println("\nThe run stopped at an incident (above). On a cluster it would wait in Operate for a fix and a retry;"
            + " the local run ends here.");
        return 2;
      } else {
        int exitCode = printWhereThingsAre(out, context.getBean(ArtefactStore.class), environment, runId, data,
            watchList) ? 0 : 1;
        if (cloudFakes) {
          printWhatTheCloudSaw(out, CloudFakes.shared(), runId);
        }
        return exitCode;
      }
  }

  /**
   * Which night the sample web shows: {@code --sample-night=N}, else one more than the local runs that ended in this
   * data directory, so three local runs in a row see three different nights of the sample competitors.
   */
  static int sampleNight(String[] args, Path data) throws java.io.IOException {
    for (String arg : args) {
      if (arg.startsWith("--sample-night=")) {
        try {
          return Math.max(1, Integer.parseInt(arg.substring("--sample-night=".length())));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--sample-night must be a whole number (1, 2, 3...), was " + arg, e);
        }
      }
    }
    Path artefacts = data.resolve("artefacts");
    if (!Files.isDirectory(artefacts)) {
      return 1;
    }
    try (var runs = Files.list(artefacts)) {
      return 1 + (int) runs.map(run -> run.getFileName().toString()).filter(name -> name.startsWith("local-"))
          .filter(name -> Files.exists(artefacts.resolve(ArtefactKeys.runRecord(name).path()))).count();
    }
  }

  /**
   * The local users of this run (new passwords at every start): HTTP Basic for curl, the sign-in form in a browser.
   * docs/security.md says what each role may do.
   */
  private static void printHowToSignIn(PrintStream out) {
    out.println("Sign in (user / password; new at every start; a browser shows a sign-in form, curl takes -u user:password):");
    for (String user : LocalEnvironment.users()) {
      out.printf("  %-10s / %s   (%s)%n", user, LocalEnvironment.password(user), switch (LocalEnvironment.role(user)) {
        case "viewer" -> "viewer: runs, progress, reports";
        case "operator" -> "operator: also starts runs, retries parked items, the review page, configurations";
        case "admin" -> "admin: also actuator details";
        default -> "metrics: /actuator/prometheus only";
      });
    }
  }

  /** What the fakes recorded: every analysis through Converse, every milestone an event, every object encrypted. */
  private static void printWhatTheCloudSaw(PrintStream out, CloudFakes cloud, String runId) {
    out.println();
    out.println("== What the cloud fakes saw");
    var calls = cloud.bedrock().runtimeCalls();
    out.println("Bedrock:   " + calls.size() + " model calls: "
        + calls.stream().collect(java.util.stream.Collectors.groupingBy(
            c -> c.operation() + " " + c.task(), java.util.TreeMap::new, java.util.stream.Collectors.counting())));
    var events = cloud.agentCore().events().stream().filter(e -> runId.equals(e.metadata().get("runId"))).toList();
    out.println("AgentCore: " + events.size() + " events, " + events.stream().map(e -> e.clientToken()).distinct().count()
        + " distinct client tokens, by phase "
        + events.stream().collect(java.util.stream.Collectors.groupingBy(
            e -> e.metadata().get("phase"), java.util.TreeMap::new, java.util.stream.Collectors.counting())));
    try (var s3 = software.amazon.awssdk.services.s3.S3Client.builder()
        .endpointOverride(cloud.s3().endpoint()).forcePathStyle(true)
        .region(software.amazon.awssdk.regions.Region.of(cloud.s3().region())).build()) {
      var objects = s3.listObjectsV2Paginator(b -> b.bucket(cloud.s3().bucket()).prefix("rivalwatch/" + runId + "/"))
          .contents().stream().toList();
      long encrypted = objects.stream().filter(o -> s3.headObject(h -> h.bucket(cloud.s3().bucket()).key(o.key()))
          .serverSideEncryption() != null).count();
      out.println("S3:        " + objects.size() + " objects under s3://" + cloud.s3().bucket() + "/rivalwatch/" + runId
          + "/, " + encrypted + " with server-side encryption");
    }
  }

  /** Prints the run record, the report, the dashboard and the delivered messages; true if the run delivered. */
  private static boolean printWhereThingsAre(
      PrintStream out, ArtefactStore store, LocalEnvironment environment, String runId, Path data,
      String runWatchList) throws Exception {
    Path outbox = Files.createDirectories(data.resolve("outbox").resolve(runId));
    MimeMessage[] mails = environment.mail().getReceivedMessages();
    for (int i = 0; i < mails.length; i++) {
      try (OutputStream file = new FileOutputStream(outbox.resolve("mail-" + (i + 1) + ".eml").toFile())) {
        mails[i].writeTo(file);
      }
    }
    var slack = environment.site().wireMock().getAllServeEvents().stream()
        .filter(e -> e.getRequest().getUrl().startsWith("/slack/")).toList();
    for (int i = 0; i < slack.size(); i++) {
      Files.writeString(outbox.resolve("slack-" + (i + 1) + ".json"), slack.get(i).getRequest().getBodyAsString(),
          StandardCharsets.UTF_8);
    }

    String record = store.read(ArtefactKeys.runRecord(runId))
        .map(b -> new String(b, StandardCharsets.UTF_8)).orElse("(no run record)");
    boolean delivered = record.contains("\"status\" : \"delivered\"");
    out.println();
    out.println("== Run " + runId + " ended. Run record:");
    out.println(record);
    store.list(runId).stream().filter(k -> k.name().startsWith("report-r") && k.name().endsWith(".html"))
        .reduce((first, second) -> second)
        .ifPresent(k -> out.println("Report:    " + store.locate(k)));
    if (store instanceof FileArtefactStore files) {
      out.println("Artefacts: " + files.root().resolve(runId));
    }
    out.println("Dashboard: " + store.locate(ArtefactKeys.dashboardIndex()));
    String watchList = runWatchList == null ? LocalEnvironment.DEFAULT_WATCH_LIST : runWatchList;
    if (store.exists(ArtefactKeys.trendDashboard(watchList))) {
      out.println("Trends:    " + store.locate(ArtefactKeys.trendDashboard(watchList)) + " (every run of watch list "
          + watchList + " so far)");
    }
    out.println("Messages:  " + mails.length + " e-mail(s) and " + slack.size() + " Slack post(s) in " + outbox);
    return delivered;
  }
}
