package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.adapters.bedrock.AnalysisAnswer.Checked;
import io.rivalwatch.adapters.bedrock.AnalysisAnswer.Invalid;
import io.rivalwatch.adapters.bedrock.AnalysisAnswer.NotPossible;
import io.rivalwatch.adapters.bedrock.AnalysisAnswer.Valid;
import io.rivalwatch.adapters.bedrock.BedrockProperties.TaskSettings;
import io.rivalwatch.adapters.bedrock.DocumentBudget.Included;
import io.rivalwatch.adapters.bedrock.DocumentBudget.Selection;
import io.rivalwatch.adapters.bedrock.PromptLibrary.Prompt;
import io.rivalwatch.analysis.Analyser;
import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisNotPossibleException;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.MadeBy;
import io.rivalwatch.analysis.ModelOutputInvalidException;
import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.workflow.RunPhase;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses one competitor with a language model through the Converse API. The gathered documents go into the
 * user message as untrusted data (see the prompts under {@code src/main/resources/prompts/}); the answer must be a
 * JSON object that passes {@link AnalysisAnswer}'s checks. An unusable answer is sent back once, in the same
 * conversation, with what was wrong; a second unusable answer is a {@link ModelOutputInvalidException}.
 */
public final class BedrockAnalyser implements Analyser {

  private static final Logger log = LoggerFactory.getLogger(BedrockAnalyser.class);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private final BedrockModelClient client;
  private final PromptLibrary prompts;
  private final BedrockProperties properties;
  private final ModelChain chain;
  private final Analyser offline;
  private final BedrockRunPins pins;

  /** Without fallback models or an offline link: a failure of the task's model is thrown as it comes. */
  public BedrockAnalyser(BedrockModelClient client, PromptLibrary prompts, BedrockProperties properties) {
    this(client, prompts, properties, ModelChain.none(), null);
  }

  /**
   * @param chain walks each task's fallback models ({@code rivalwatch.bedrock.fallback.*})
   * @param offline the chain's last link, used when every model was unavailable
   */
  public BedrockAnalyser(BedrockModelClient client, PromptLibrary prompts, BedrockProperties properties,
      ModelChain chain, Analyser offline) {
    this(client, prompts, properties, chain, offline,
        BedrockRunPins.unpinned(properties.withFallback(chain.settings()), prompts));
  }

  /**
   * @param pins each run's models, chains and prompt texts as frozen when it was planned; every call of a run uses
   *     them, whatever today's settings say
   */
  public BedrockAnalyser(BedrockModelClient client, PromptLibrary prompts, BedrockProperties properties,
      ModelChain chain, Analyser offline, BedrockRunPins pins) {
    this.client = client;
    this.prompts = prompts;
    this.properties = properties;
    this.chain = chain;
    this.offline = offline;
    this.pins = pins;
  }

  /**
   * @throws AnalysisNotPossibleException when there is nothing to analyse, or the model says the documents
   *     cannot support this analysis
   * @throws ModelOutputInvalidException when the model's answer is unusable twice
   * @throws io.rivalwatch.failure.OutsideServiceException when a model call fails
   */
  @Override
  public AnalysisResult analyse(AnalysisKind kind, AnalysisInput input) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(input, "input");
    String name = input.competitorName();
    if (input.documents().isEmpty()) {
      throw new AnalysisNotPossibleException("no documents were gathered for " + name + ", so there is nothing to"
          + " analyse");
    }
    Selection selection = DocumentBudget.select(kind, input.documents(), properties.inputCharBudget());
    if (selection.included().isEmpty()) {
      throw new AnalysisNotPossibleException("none of the " + input.documents().size() + " documents gathered for "
          + name + " has any text");
    }
    PinnedRun run = pins.of(input.runId());
    TaskSettings configured = run.task(kind.id(), properties);
    TaskSettings own = input.cheaperModel() && !run.cheaperModelId().equals(configured.modelId())
        ? configured.withModelId(run.cheaperModelId())
        : configured;
    ModelChain.Made<AnalysisResult> made = chain.walk(kind.id(), own.modelId(), run.fallbacks(kind.id()),
        run.offlineLink(), link -> analyse(kind, input, selection, own.withModelId(link.model()), run, link),
        link -> offlineAnalysis(kind, input, link));
    String version = made.model() == null ? offline.version(kind)
        : version(own.withModelId(made.model()), run.prompt(own.prompt()));
    return made.value().madeBy(new MadeBy(made.link(), made.model(), made.reason(), version));
  }

  /** The offline analyser as the chain's last link, audited as such. */
  private AnalysisResult offlineAnalysis(AnalysisKind kind, AnalysisInput input, ModelChain.Link link) {
    long started = System.nanoTime();
    AnalysisResult result = offline.analyse(kind, input);
    client.offlineAnswered(new CallContext(input.runId(), RunPhase.ANALYSIS.id(), kind.id(), input.competitorId(),
        null, null, link, null, 0), (System.nanoTime() - started) / 1_000_000);
    return result;
  }

  /** One model's analysis: the prompt, the call, and once more with the problems listed if the answer is unusable. */
  private AnalysisResult analyse(AnalysisKind kind, AnalysisInput input, Selection selection, TaskSettings settings,
      PinnedRun run, ModelChain.Link link) {
    String name = input.competitorName();
    Prompt prompt = run.prompt(settings.prompt());

    List<String> untrusted = new ArrayList<>();
    selection.included().forEach(i -> untrusted.add(i.text()));
    input.memory().forEach(hit -> untrusted.add(hit.entry().text()));
    String nonce = PromptText.nonceNotIn(untrusted);
    String documentTag = "untrusted_document_" + nonce;
    String contextTag = "earlier_context_" + nonce;
    Map<String, String> citable = new HashMap<>();
    for (Included i : selection.included()) {
      citable.put(PromptText.url(i.document().url()), i.document().url());
      citable.putIfAbsent(i.document().url(), i.document().url());
    }
    Map<String, String> values = new HashMap<>();
    values.put("competitor", name);
    values.put("documentTag", documentTag);
    values.put("contextTag", contextTag);
    values.put("documents", documents(selection, documentTag));
    values.put("inputNote", selection.note());
    values.put("earlierContext", earlierContext(input.memory(), contextTag));

    String system = prompt.render("system", values);
    CallContext context = new CallContext(input.runId(), RunPhase.ANALYSIS.id(), kind.id(), input.competitorId())
        .with(prompt, link);
    List<Turn> turns = new ArrayList<>();
    turns.add(Turn.user(prompt.render("user", values)));

    ModelReply reply = client.converse(context, settings, system, turns);
    Checked checked = AnalysisAnswer.check(kind, reply, citable);
    if (checked instanceof Invalid invalid) {
      log.warn("{} of {} by {}: answer unusable, asking once more: {}", kind.id(), input.competitorId(),
          settings.modelId(), invalid.errors());
      turns.add(Turn.model(reply.text().isBlank() ? "(empty answer)" : reply.text()));
      values.put("errors", bullets(invalid.errors()));
      turns.add(Turn.user(prompt.render("repair", values)));
      reply = client.converse(context, settings, system, turns);
      checked = AnalysisAnswer.check(kind, reply, citable);
      if (checked instanceof Invalid again) {
        throw new ModelOutputInvalidException(settings.modelId(), kind.id(), again.errors());
      }
    }
    if (checked instanceof NotPossible notPossible) {
      throw new AnalysisNotPossibleException(settings.modelId() + " found nothing to base the " + kind.id()
          + " analysis of " + name + " on: " + notPossible.reason());
    }
    Valid valid = (Valid) checked;
    Map<String, Object> metrics = new LinkedHashMap<>(valid.metrics());
    metrics.put("documents", input.documents().size());
    metrics.put("documentsInPrompt", selection.included().size());
    return new AnalysisResult(kind, input.competitorId(), producedBy(settings, prompt), valid.summary(),
        valid.findings(), metrics);
  }

  /** The economy model, unless this analysis already runs on it. */
  @Override
  public java.util.Optional<String> cheaperModel(AnalysisKind kind) {
    String cheaper = properties.cheaperModelId();
    return cheaper.equals(properties.task(kind.id()).modelId()) ? java.util.Optional.empty()
        : java.util.Optional.of(cheaper);
  }

  /**
   * The model, the prompt with a digest of its text (an edit in place counts too), the answer's settings and the
   * input budget, which decides which documents fit into the prompt.
   */
  @Override
  public String version(AnalysisKind kind) {
    TaskSettings settings = properties.task(kind.id());
    return version(settings, prompts.get(settings.prompt()));
  }

  /** The version of what this run uses: its pinned model and prompt text. */
  @Override
  public String version(AnalysisKind kind, String runId) {
    PinnedRun run = pins.of(runId);
    TaskSettings settings = run.task(kind.id(), properties);
    return version(settings, run.prompt(settings.prompt()));
  }

  private String version(TaskSettings settings, Prompt prompt) {
    return producedBy(settings, prompt) + " (text " + prompt.digest() + "), max tokens " + settings.maxTokens()
        + ", temperature " + settings.temperature() + ", input budget " + properties.inputCharBudget();
  }

  static String producedBy(TaskSettings settings, Prompt prompt) {
    return "bedrock " + settings.modelId() + ", prompt " + prompt.id();
  }

  private static String documents(Selection selection, String tag) {
    StringBuilder out = new StringBuilder();
    for (Included i : selection.included()) {
      SourceDocument d = i.document();
      out.append('<').append(tag)
          .append(" n=\"").append(i.n()).append('"')
          .append(" kind=\"").append(d.kind() == null ? "unknown" : d.kind().id()).append('"')
          .append(" url=\"").append(PromptText.url(d.url())).append('"');
      if (d.title() != null && !d.title().isBlank()) {
        out.append(" title=\"").append(PromptText.attribute(d.title().strip())).append('"');
      }
      if (d.publishedAt() != null) {
        out.append(" published=\"").append(DAY.format(d.publishedAt())).append('"');
      }
      if (i.shortened()) {
        out.append(" shown=\"first ").append(i.text().length()).append(" of ").append(d.text().length())
            .append(" characters\"");
      }
      out.append(">\n").append(i.text()).append("\n</").append(tag).append(">\n\n");
    }
    return out.toString().strip();
  }

  private static String earlierContext(List<MemoryHit> memory, String tag) {
    if (memory.isEmpty()) {
      return "<" + tag + ">\n(none)\n</" + tag + ">";
    }
    StringBuilder out = new StringBuilder("<").append(tag).append(">\n");
    for (MemoryHit hit : memory) {
      var e = hit.entry();
      out.append("<note");
      if (e.runId() != null) {
        out.append(" run=\"").append(PromptText.attribute(e.runId())).append('"');
      }
      if (e.recordedAt() != null) {
        out.append(" recorded=\"").append(DAY.format(e.recordedAt())).append('"');
      }
      out.append(" relevance=\"").append(String.format(Locale.ROOT, "%.2f", hit.score())).append("\">")
          .append(e.text() == null ? "" : e.text().strip())
          .append("</note>\n");
    }
    return out.append("</").append(tag).append('>').toString();
  }

  static String bullets(List<String> errors) {
    StringBuilder out = new StringBuilder();
    for (String e : errors) {
      out.append("- ").append(e).append('\n');
    }
    return out.toString().stripTrailing();
  }
}
