package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.adapters.bedrock.BedrockProperties.TaskSettings;
import io.rivalwatch.adapters.bedrock.PromptLibrary.Prompt;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.analysis.ModelOutputInvalidException;
import io.rivalwatch.synthesis.ExecutiveSummaryWriter;
import io.rivalwatch.synthesis.SummaryRequest;
import io.rivalwatch.workflow.RunPhase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the executive summary with ConverseStream (task "synthesis"): the answer streams in while the log shows
 * progress, since a long summary on a large model takes a while. A summary that links anything but the findings'
 * sources, has headings or runs over the word limit is sent back once with what was wrong; a second unusable one
 * is a {@link ModelOutputInvalidException}.
 */
public final class BedrockExecutiveSummaryWriter implements ExecutiveSummaryWriter {

  public static final String TASK = "synthesis";
  /** How a summary not written by the task's own model starts (the reader learns it first; the reuse skips it). */
  private static final String WITHOUT_A_MODEL = "_Written without a language model because ";
  private static final String BY_A_FALLBACK_MODEL = "_Written by the fallback model ";
  private static final Logger log = LoggerFactory.getLogger(BedrockExecutiveSummaryWriter.class);
  /** Findings per analysis the prompt carries, in the analysis' own order. */
  static final int FINDINGS_PER_ANALYSIS = 8;
  private static final int EVIDENCE_CHARS = 240;

  private final BedrockModelClient client;
  private final PromptLibrary prompts;
  private final BedrockProperties properties;
  private final ModelChain chain;
  private final ExecutiveSummaryWriter offline;
  private final BedrockRunPins pins;

  /** Without fallback models or an offline link: a failure of the task's model is thrown as it comes. */
  public BedrockExecutiveSummaryWriter(BedrockModelClient client, PromptLibrary prompts, BedrockProperties properties) {
    this(client, prompts, properties, ModelChain.none(), null);
  }

  /**
   * @param chain walks the summary's fallback models ({@code rivalwatch.bedrock.fallback.synthesis})
   * @param offline the chain's last link, used when every model was unavailable
   */
  public BedrockExecutiveSummaryWriter(BedrockModelClient client, PromptLibrary prompts, BedrockProperties properties,
      ModelChain chain, ExecutiveSummaryWriter offline) {
    this(client, prompts, properties, chain, offline,
        BedrockRunPins.unpinned(properties.withFallback(chain.settings()), prompts));
  }

  /** @param pins each run's model, chain and prompt text as frozen when it was planned */
  public BedrockExecutiveSummaryWriter(BedrockModelClient client, PromptLibrary prompts, BedrockProperties properties,
      ModelChain chain, ExecutiveSummaryWriter offline, BedrockRunPins pins) {
    this.pins = pins;
    this.client = client;
    this.prompts = prompts;
    this.properties = properties;
    this.chain = chain;
    this.offline = offline;
  }

  /**
   * @return the summary, or empty when no competitor was analysed (there is nothing to summarise)
   * @throws ModelOutputInvalidException when the model's summary is unusable twice
   * @throws io.rivalwatch.failure.OutsideServiceException when a model call fails
   */
  @Override
  public java.util.Optional<String> write(SummaryRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.competitors() == null || request.competitors().isEmpty()) {
      return java.util.Optional.empty();
    }
    PinnedRun run = pins.of(request.runId());
    TaskSettings own = run.task(TASK, properties);
    ModelChain.Made<java.util.Optional<String>> made = chain.walk(TASK, own.modelId(), run.fallbacks(TASK),
        run.offlineLink(), link -> java.util.Optional.of(write(request, own.withModelId(link.model()), run, link)),
        link -> offlineSummary(request, link));
    if (made.link() == 0 || made.value().isEmpty()) {
      return made.value();
    }
    // the reader learns first who wrote it, and why not the usual model
    String note = made.model() == null
        ? WITHOUT_A_MODEL + made.reason() + ": the strongest verified finding of each"
            + " analysis._"
        : BY_A_FALLBACK_MODEL + made.model() + " because " + made.reason() + "._";
    return java.util.Optional.of(note + "\n\n" + made.value().get());
  }

  /** The extractive summary as the chain's last link, audited as such. */
  private java.util.Optional<String> offlineSummary(SummaryRequest request, ModelChain.Link link) {
    long started = System.nanoTime();
    java.util.Optional<String> summary = offline.write(request);
    client.offlineAnswered(new CallContext(request.runId(), RunPhase.SYNTHESIS.id(), TASK, null, null, null, link,
        null, 0), (System.nanoTime() - started) / 1_000_000);
    return summary;
  }

  private String write(SummaryRequest request, TaskSettings settings, PinnedRun run, ModelChain.Link link) {
    Prompt prompt = run.prompt(settings.prompt());
    String dataTag = "analyses_" + PromptText.nonceNotIn(untrustedTexts(request));
    Set<String> citable = new HashSet<>();

    Map<String, String> values = new HashMap<>();
    values.put("runId", String.valueOf(request.runId()));
    values.put("revision", String.valueOf(request.revision()));
    values.put("competitorCount", String.valueOf(request.competitors().size()));
    values.put("competitorNames", String.join(", ",
        request.competitors().stream().map(SummaryRequest.Competitor::name).toList()));
    values.put("dataTag", dataTag);
    values.put("analyses", analyses(request, dataTag, citable));
    // any source of any finding in the request may be linked, also those of findings left out of the prompt
    for (SummaryRequest.Competitor c : request.competitors()) {
      if (c.analyses() != null) {
        c.analyses().values().forEach(r -> r.findings().forEach(f -> citable.addAll(f.sourceUrls())));
      }
    }
    values.put("missing", list(request.missing(), "nothing: every competitor and analysis is covered"));
    values.put("qualityFindings", list(request.qualityFindings(), "none (first revision or nothing found)"));
    values.put("reviewerComments", request.reviewerComments() == null || request.reviewerComments().isBlank()
        ? "none" : request.reviewerComments().strip());
    values.put("maxWords", String.valueOf(request.maxWords()));

    String system = prompt.render("system", values);
    CallContext context = new CallContext(request.runId(), RunPhase.SYNTHESIS.id(), TASK, null).with(prompt, link);
    List<Turn> turns = new ArrayList<>();
    turns.add(Turn.user(prompt.render("user", values)));
    ModelReply reply = client.converseStream(context, settings, system, turns);
    String summary = SummaryAnswer.cleaned(reply.text());
    List<String> errors = SummaryAnswer.check(summary, citable, request.maxWords(), reply.cutOff());
    if (!errors.isEmpty()) {
      log.warn("executive summary of {} r{} by {}: unusable, asking once more: {}", request.runId(),
          request.revision(), settings.modelId(), errors);
      turns.add(Turn.model(reply.text().isBlank() ? "(empty answer)" : reply.text()));
      values.put("errors", BedrockAnalyser.bullets(errors));
      turns.add(Turn.user(prompt.render("repair", values)));
      reply = client.converseStream(context, settings, system, turns);
      summary = SummaryAnswer.cleaned(reply.text());
      errors = SummaryAnswer.check(summary, citable, request.maxWords(), reply.cutOff());
      if (!errors.isEmpty()) {
        throw new ModelOutputInvalidException(settings.modelId(), TASK, errors);
      }
    }
    return summary;
  }

  /** The model, the prompt with a digest of its text (an edit in place counts too) and the answer's settings. */
  @Override
  public String version() {
    TaskSettings settings = properties.task(TASK);
    return version(settings, prompts.get(settings.prompt()));
  }

  /** The version of what this run uses: its pinned model and prompt text. */
  @Override
  public String version(String runId) {
    PinnedRun run = pins.of(runId);
    TaskSettings settings = run.task(TASK, properties);
    return version(settings, run.prompt(settings.prompt()));
  }

  private static String version(TaskSettings settings, Prompt prompt) {
    return "bedrock " + settings.modelId() + ", prompt " + prompt.id() + " (text " + prompt.digest() + "), max tokens "
        + settings.maxTokens() + ", temperature " + settings.temperature();
  }


  /** A summary a fallback model or the extractive summary wrote, which starts by saying so. */
  @Override
  public boolean degraded(String summary) {
    return summary.startsWith(WITHOUT_A_MODEL) || summary.startsWith(BY_A_FALLBACK_MODEL);
  }

  /** What the findings carry from the web pages they were drawn from. */
  private static java.util.List<String> untrustedTexts(SummaryRequest request) {
    java.util.List<String> texts = new java.util.ArrayList<>();
    for (SummaryRequest.Competitor c : request.competitors()) {
      if (c.analyses() != null) {
        c.analyses().values().forEach(r -> {
          texts.add(r.summary());
          r.findings().forEach(f -> {
            texts.add(f.statement());
            texts.add(f.evidence());
          });
        });
      }
    }
    return texts;
  }

  /** The analyses as a data block; fills {@code citable} with every URL a finding rests on. */
  private static String analyses(SummaryRequest request, String tag, Set<String> citable) {
    StringBuilder out = new StringBuilder("<").append(tag).append(">\n");
    for (SummaryRequest.Competitor c : request.competitors()) {
      out.append("<competitor name=\"").append(PromptText.attribute(c.name())).append("\" id=\"")
          .append(PromptText.attribute(c.competitorId())).append("\">\n");
      if (c.changes() != null && !c.changes().isEmpty()) {
        out.append("Changes since the last run:\n");
        c.changes().forEach(change -> out.append("- ").append(change.strip()).append('\n'));
      } else {
        out.append("Changes since the last run: none recorded.\n");
      }
      for (AnalysisKind kind : AnalysisKind.values()) {
        AnalysisResult result = c.analyses() == null ? null : c.analyses().get(kind);
        if (result == null) {
          continue;
        }
        out.append("<analysis kind=\"").append(kind.id()).append('"');
        if (kind == AnalysisKind.SENTIMENT && result.metrics().get("score") instanceof Number score) {
          out.append(" score=\"").append(score).append('"');
        }
        out.append(">\nSummary: ").append(result.summary() == null ? "" : result.summary().strip()).append('\n');
        List<Finding> findings = result.findings();
        for (Finding f : findings.subList(0, Math.min(FINDINGS_PER_ANALYSIS, findings.size()))) {
          List<String> sources = new ArrayList<>();
          for (String url : f.sourceUrls()) {
            String written = PromptText.url(url);
            sources.add(written);
            citable.add(written);
            citable.add(url);
          }
          out.append("<finding category=\"").append(PromptText.attribute(f.category())).append("\" sources=\"")
              .append(String.join(" ", sources)).append("\">").append(f.statement().strip());
          if (f.evidence() != null && !f.evidence().isBlank()) {
            out.append(" Evidence: \"").append(PromptText.cut(f.evidence().strip(), EVIDENCE_CHARS)).append('"');
          }
          out.append("</finding>\n");
        }
        out.append("</analysis>\n");
      }
      out.append("</competitor>\n");
    }
    return out.append("</").append(tag).append('>').toString();
  }

  private static String list(List<String> items, String none) {
    if (items == null || items.isEmpty()) {
      return none;
    }
    StringBuilder out = new StringBuilder();
    items.forEach(i -> out.append("- ").append(i.strip()).append('\n'));
    return out.toString().stripTrailing();
  }
}
