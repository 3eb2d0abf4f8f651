package io.rivalwatch.synthesis;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.cost.RunCost;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.text.AddressedToModels;
import io.rivalwatch.text.MarkdownText;
import io.rivalwatch.text.Spaces;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the report as Markdown: a summary table, a section per analysed competitor in which every claim links
 * the sources it rests on, what is missing, and what this revision changed. Pure: the same input gives the same
 * text. Every untrusted value (page titles, model and analyser output, reviewer comments, research notes) passes
 * {@link MarkdownText#escape} on its way in, and every link is made by {@link MarkdownText#link}; the model-written
 * executive summary keeps only its citations of the findings' sources ({@link MarkdownText#sanitize}).
 */
final class ReportWriter {

  /** Compared as whitespace when telling whether a statement already quotes its evidence. */
  private static final String QUOTE_MARKS_AND_BAR = "'\"|";

  static final String OFFLINE_LABEL = "offline analyser (no language model)";
  static final String MISSING_HEADING = "## What is missing";
  static final String REVISION_HEADING = "## Revision notes";
  static final String EXECUTIVE_SUMMARY_HEADING = "## Executive summary";
  static final String USAGE_HEADING = "## Model usage";
  static final String AUDIT_HEADING = "## Audit trail";
  static final String CHANGES_HEADING = "### What changed since the last delivered report";
  /** Competitors in the review form's summary table; the rest are counted ("N more in the full report"). */
  static final int FORM_TABLE_ROWS = 15;
  static final String VERIFIED_LINE = " claims verified against their sources";
  // strategy findings that are not strategic patterns
  private static final java.util.Set<String> NOT_PATTERNS = java.util.Set.of("theme", "recurring-pattern");

  private static final DateTimeFormatter TITLE_DATE =
      DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  String write(ReportInput input) {
    return write(input, section -> section(section, input.compress(), input.maxSectionWords()));
  }

  /**
   * The report, with each competitor's section as {@code sections} gives it: {@link #section(CompetitorSection, Set,
   * int)} of the input's compress and word limit, rendered earlier (while the executive summary is written).
   */
  String write(ReportInput input, java.util.function.Function<CompetitorSection, String> sections) {
    StringBuilder md = new StringBuilder(head(input));
    for (CompetitorSection section : input.sections()) {
      md.append(sections.apply(section));
    }
    return md.append(tail(input)).toString();
  }

  /** The report before its competitors' sections: title, executive summary and summary table; ends with a blank line. */
  String head(ReportInput input) {
    StringBuilder md = new StringBuilder();
    md.append("# Competitive intelligence report, ").append(TITLE_DATE.format(input.generatedAt())).append("\n\n");
    md.append("Run `").append(input.runId()).append("`, revision ").append(input.revision())
        .append(", generated ").append(STAMP.format(input.generatedAt())).append(".\n");
    md.append("Analyses by: ").append(input.producers().isEmpty() ? "none" : String.join(", ", input.producers()))
        .append(".\n\n");
    if (input.producers().contains(OFFLINE_LABEL)) {
      // a report with model-made analyses too has its offline ones because every model was unavailable for them
      md.append(input.producers().size() == 1 ? "> Produced without a language model: scores and patterns come"
              : "> Some analyses were produced without a language model (each says so in its section): their scores"
                  + " and patterns come")
          .append(" from word lists and text statistics over the gathered pages, not from a model reading them.")
          .append(" Treat them as signals to check.\n\n");
    }
    if (input.executiveSummary() != null && !input.executiveSummary().isBlank()) {
      md.append(EXECUTIVE_SUMMARY_HEADING).append("\n\n")
          .append(MarkdownText.sanitize(input.executiveSummary(), citable(input)::contains)).append("\n\n");
    }
    md.append(summary(input)).append('\n');
    return md.toString();
  }

  /** The report after its competitors' sections: what is missing, revision notes, and the footer. */
  String tail(ReportInput input) {
    StringBuilder md = new StringBuilder();
    if (!input.missing().isEmpty()) {
      md.append(MISSING_HEADING).append("\n\n");
      input.missing().forEach(line -> md.append("- ").append(MarkdownText.escape(line)).append('\n'));
      md.append('\n');
    }
    if (!input.revisionNotes().isEmpty()) {
      md.append(REVISION_HEADING).append("\n\n");
      input.revisionNotes().forEach(line -> md.append("- ").append(MarkdownText.escape(line)).append('\n'));
      md.append('\n');
    }
    md.append(usage(input.cost()));
    md.append(budget(input.budget()));
    // never empty here (the usage heading), so its end is the report's end
    if (!input.audit().isEmpty() && !md.toString().endsWith("\n\n")) {
      md.append('\n'); // the usage line of a run without model calls ends with one line break only
    }
    md.append(audit(input.audit()));
    return md.toString();
  }

  /**
   * Last in the footer: who started the run and the review decisions before this revision. The approval of this
   * revision comes after it is written: the run record and the delivered message carry it.
   */
  static String audit(List<String> lines) {
    if (lines.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder(AUDIT_HEADING).append("\n\n");
    // names come from sign-in and from engine clients: text, never markup
    lines.forEach(line -> md.append("- ").append(plainText(line)).append('\n'));
    return md.append('\n').toString();
  }

  /**
   * The text with line breaks flattened and every character that could start inline markup (emphasis, code, a link,
   * an image, HTML, a table cell) escaped. Each line starts with a word of ours, so block markup cannot start.
   */
  static String plainText(String text) {
    return MarkdownText.escape(text);
  }

  /** The URLs the findings rest on: what the executive summary may cite. */
  static java.util.Set<String> citable(ReportInput input) {
    return citable(input.sections());
  }

  /** The URLs the sections' findings rest on. */
  static java.util.Set<String> citable(List<CompetitorSection> sections) {
    java.util.Set<String> urls = new java.util.HashSet<>();
    for (CompetitorSection section : sections) {
      section.documents().forEach(d -> urls.add(d.url()));
      section.analyses().values().forEach(a -> a.findings().forEach(f -> urls.addAll(f.sourceUrls())));
    }
    return urls;
  }

  /** The footer: tokens and cost per phase and model, as recorded up to this revision. */
  static String usage(RunCost cost) {
    StringBuilder md = new StringBuilder(USAGE_HEADING).append("\n\n");
    if (cost.calls() == 0) {
      return md.append("No language model was called for this report.\n").toString();
    }
    md.append("| Phase | Model | Calls | Input tokens | Output tokens | Cache read | Cache write | Cost (USD) |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (RunCost.Line line : cost.lines()) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %.4f |%n", line.phase(),
          cell(line.modelId()), line.calls(), line.inputTokens(), line.outputTokens(), line.cacheReadTokens(),
          line.cacheWriteTokens(), line.costUsd()));
    }
    md.append(String.format(Locale.ROOT, "| **total** | | %d | %d | %d | %d | %d | %.4f |%n%n", cost.calls(),
        cost.inputTokens(), cost.outputTokens(), cost.cacheReadTokens(), cost.cacheWriteTokens(), cost.costUsd()));
    if (!cost.unpricedModels().isEmpty()) {
      md.append("No price configured for ").append(String.join(", ", cost.unpricedModels()))
          .append(" (rivalwatch.cost.prices): counted at 0.\n\n");
    }
    if (cost.estimatedCalls() > 0) {
      // a call cut off before its usage arrived was still paid for: counted, with its tokens estimated
      md.append(cost.estimatedCalls()).append(cost.estimatedCalls() == 1 ? " call" : " calls")
          .append(" came back without token usage (cut off, or not reported): estimated at 4 characters a token"
              + " and counted.\n\n");
    }
    return md.toString();
  }

  /** Under the usage table: the run's budget, what it spent, and every step it took to stay within it. */
  static String budget(io.rivalwatch.cost.BudgetSummary budget) {
    if (budget == null || !budget.limited()) {
      return "";
    }
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
        "Budget: USD %.4f for this run; spent USD %.4f (%d %%).", budget.limitUsd(), budget.spentUsd(),
        Math.round(100 * budget.spentUsd() / budget.limitUsd())));
    if (budget.steps().isEmpty()) {
      return md.append(" No step was needed to stay within it.\n\n").toString();
    }
    md.append(" To stay within it the run\n\n");
    budget.steps().forEach(step -> md.append("- ").append(step).append('\n'));
    return md.append('\n').toString();
  }

  /** The summary table and the missing list, as the report has them. */
  String summary(ReportInput input) {
    return summary(input, Integer.MAX_VALUE);
  }

  /**
   * The summary table and the missing list; also what the reviewer sees first in the review form, where the table
   * stops after {@code maxRows} competitors and says how many more the full report has.
   */
  String summary(ReportInput input, int maxRows) {
    StringBuilder md = new StringBuilder("## Summary\n\n");
    if (input.sections().isEmpty()) {
      md.append("No competitor could be analysed in this run.\n");
    } else {
      md.append("| Competitor | Research | Sentiment | Strongest strategic signal | Positioning |\n");
      md.append("|---|---|---|---|---|\n");
      for (CompetitorSection s : input.sections().subList(0, Math.min(maxRows, input.sections().size()))) {
        md.append("| ").append(cell(s.name()))
            .append(" | ").append(s.documents().size()).append(" documents").append(documentChanges(s.since()))
            .append(" | ").append(sentimentCell(s.analyses().get(AnalysisKind.SENTIMENT)))
            .append(" | ").append(cell(strategyCell(s.analyses().get(AnalysisKind.STRATEGY))))
            .append(" | ").append(cell(positioningCell(s.analyses().get(AnalysisKind.POSITIONING))))
            .append(" |\n");
      }
      int more = input.sections().size() - Math.min(maxRows, input.sections().size());
      if (more > 0) {
        md.append('\n').append(more).append(more == 1 ? " more competitor" : " more competitors")
            .append(" in the full report.\n");
      }
    }
    md.append('\n').append(verificationLine(input)).append('\n');
    if (!input.missing().isEmpty()) {
      md.append("Missing from this report: ").append(input.missing().size())
          .append(input.missing().size() == 1 ? " item" : " items").append(" (listed at the end).\n");
    }
    long degraded = input.sections().stream().flatMap(s -> s.analyses().values().stream())
        .filter(AnalysisResult::degraded).count();
    if (degraded > 0) {
      md.append("Made by a fallback instead of the task's own model: ").append(degraded)
          .append(degraded == 1 ? " analysis" : " analyses").append(" (each says which and why in its section).\n");
    }
    return md.toString();
  }

  /**
   * "N of M claims verified against their sources", counted from what {@link ClaimVerification} checked: the
   * findings that quote a gathered document, and the executive summary's sentences. The quality check reads it.
   */
  static String verificationLine(ReportInput input) {
    int verified = input.summaryClaims().verified();
    int dropped = input.summaryClaims().dropped();
    for (CompetitorSection section : input.sections()) {
      verified += section.claims().verifiedTotal();
      dropped += section.claims().droppedTotal();
    }
    StringBuilder line = new StringBuilder().append(verified).append(" of ").append(verified + dropped)
        .append(VERIFIED_LINE);
    if (dropped > 0) {
      line.append("; ").append(dropped).append(dropped == 1
          ? " claim is left out because its quoted words are not in the source it cites."
          : " claims are left out because their quoted words are not in the sources they cite.");
    } else {
      line.append('.');
    }
    return line.append('\n').toString();
  }

  /** One competitor's section of the report: it depends on the section, the sections to shorten and the word limit. */
  String section(CompetitorSection section, java.util.Set<String> compress, int maxWords) {
    return section(section, compress.contains(section.competitorId()), maxWords);
  }

  private String section(CompetitorSection section, boolean compress, int maxWords) {
    int most = section.analyses().values().stream().mapToInt(a -> a.findings().size()).max().orElse(0);
    String text = section(section, Integer.MAX_VALUE);
    if (compress) {
      // keep the strongest findings of each analysis (the analysers list them first) until the section fits
      for (int limit = most; limit >= 1 && sectionWords(text) > maxWords; limit--) {
        text = section(section, limit);
      }
    }
    return text;
  }

  private String section(CompetitorSection section, int findingsPerAnalysis) {
    Citations citations = new Citations(section.documents(), section.since());
    StringBuilder body = new StringBuilder();
    body.append(CHANGES_HEADING).append("\n\n");
    if (section.changes().isEmpty()) {
      body.append("- First run that analysed ").append(section.name()).append(": nothing earlier to compare.\n");
    } else {
      section.changes().forEach(line -> body.append("- ").append(line).append('\n'));
    }
    body.append('\n');
    for (AnalysisKind kind : AnalysisKind.values()) {
      body.append("### ").append(title(kind)).append("\n\n");
      AnalysisResult result = section.analyses().get(kind);
      if (result == null) {
        body.append("Not available: ").append(section.failedAnalyses().getOrDefault(kind, "not analysed"))
            .append(".\n\n");
        continue;
      }
      List<Finding> findings = result.findings().subList(0, Math.min(findingsPerAnalysis, result.findings().size()));
      String reusedFrom = section.reusedFrom().get(kind);
      if (reusedFrom != null) {
        body.append("_Reused from run ").append(reusedFrom)
            .append(": the documents it rests on have not changed since._\n\n");
      }
      if (result.degraded()) {
        // said where the analysis is read: a reader weighs a fallback's findings differently
        body.append("_").append(plainText(capitalised(result.madeBy().describe()))).append("._\n\n");
      }
      body.append(MarkdownText.escape(result.summary().trim()));
      List<String> basis = findings.stream().flatMap(f -> f.sourceUrls().stream()).distinct().limit(3).toList();
      if (!basis.isEmpty()) {
        body.append(" Based on ").append(citations.cite(basis)).append('.');
      }
      body.append("\n\n");
      for (Finding finding : findings) {
        String statement = finding.statement().trim();
        body.append("- ").append(MarkdownText.escape(statement));
        if (addsSomething(finding.evidence(), statement)) {
          String evidence = quote(finding.evidence());
          body.append(' ').append(MarkdownText.escape(evidence.startsWith("'") ? evidence : "\"" + evidence + "\""));
        }
        body.append(' ').append(citations.cite(finding.sourceUrls())).append('\n');
      }
      if (findings.size() < result.findings().size()) {
        int left = result.findings().size() - findings.size();
        body.append("- ").append(left).append(left == 1 ? " weaker finding" : " weaker findings")
            .append(" left out to keep this section short: [every finding](")
            .append(section.analysisLinks().get(kind)).append(")\n");
      }
      int dropped = section.claims().dropped(kind);
      if (dropped > 0) {
        body.append("\n_").append(dropped).append(dropped == 1 ? " claim" : " claims")
            .append(" of this analysis left out: the quoted words are not in the source cited. ")
            .append("[The full analysis](").append(section.analysisLinks().get(kind))
            .append(") keeps every claim as the analyser made it._\n");
      }
      body.append('\n');
    }
    body.append("### Sources\n\n");
    citations.list().forEach(line -> body.append(line).append('\n'));
    citations.notCitedAddressingModels().forEach(line -> body.append(line).append('\n'));
    body.append('\n');
    return "## " + section.name() + "\n\n_Research: " + MarkdownText.escape(section.researchNote()) + "._\n\n" + body;
  }

  /** Words a section spends on prose and claims; its list of sources is reference, not reading, and is not counted. */
  static int sectionWords(String section) {
    int sources = section.indexOf("### Sources");
    return words(sources < 0 ? section : section.substring(0, sources));
  }

  static int words(String text) {
    String trimmed = text.trim();
    return Spaces.words(trimmed);
  }

  /** " (2 new, 1 changed)" against the previous run, " (unchanged)", or nothing on a first run. */
  private static String documentChanges(SinceLastRun since) {
    if (since == null || since.documents().isEmpty()) {
      return "";
    }
    long added = since.count(DocumentComparison.DocumentStatus.NEW);
    long changed = since.count(DocumentComparison.DocumentStatus.CHANGED);
    if (added == 0 && changed == 0) {
      return " (unchanged)";
    }
    return " (" + added + " new, " + changed + " changed)";
  }

  private static String sentimentCell(AnalysisResult sentiment) {
    if (sentiment == null) {
      return "not available";
    }
    Object score = sentiment.metrics().get("score");
    return score instanceof Number n ? String.format(Locale.ROOT, "%+.2f", n.doubleValue()) : "see section";
  }

  /** The two strongest patterns, e.g. "funding finance (5), partnership (3)". */
  private static String strategyCell(AnalysisResult strategy) {
    if (strategy == null) {
      return "not available";
    }
    List<String> patterns = strategy.findings().stream()
        .filter(f -> f.category() != null && !NOT_PATTERNS.contains(f.category()))
        .limit(2)
        .map(f -> f.category().replace('-', ' ') + (f.score() == null ? "" : " (" + Math.round(f.score()) + ")"))
        .toList();
    return patterns.isEmpty() ? firstFinding(strategy) : String.join(", ", patterns);
  }

  /** The segment most talked to and the first price point, e.g. "enterprise; $49 per user/month". */
  private static String positioningCell(AnalysisResult positioning) {
    if (positioning == null) {
      return "not available";
    }
    List<String> parts = new ArrayList<>();
    if (positioning.metrics().get("segmentCounts") instanceof Map<?, ?> segments && !segments.isEmpty()) {
      segments.entrySet().stream()
          .filter(e -> e.getValue() instanceof Number)
          .max(java.util.Comparator.comparingDouble(e -> ((Number) e.getValue()).doubleValue()))
          .ifPresent(e -> parts.add(String.valueOf(e.getKey())));
    }
    if (positioning.metrics().get("pricePoints") instanceof List<?> prices && !prices.isEmpty()) {
      parts.add(String.valueOf(prices.get(0)));
    }
    return parts.isEmpty() ? firstFinding(positioning) : String.join("; ", parts);
  }

  private static String firstFinding(AnalysisResult result) {
    if (result == null || result.findings().isEmpty()) {
      return "not available";
    }
    String statement = result.findings().get(0).statement().trim();
    return statement.length() <= 90 ? statement : statement.substring(0, 87).trim() + "...";
  }

  private static String cell(String text) {
    return MarkdownText.escape(text);
  }

  /** Evidence is printed only when the statement does not already quote it. */
  private static boolean addsSomething(String evidence, String statement) {
    if (evidence == null || evidence.isBlank()) {
      return false;
    }
    String start = Spaces.collapse(evidence, QUOTE_MARKS_AND_BAR).strip();
    start = start.substring(0, Math.min(40, start.length()));
    return !Spaces.collapse(statement, QUOTE_MARKS_AND_BAR).contains(start);
  }

  private static String quote(String evidence) {
    String flat = Spaces.collapse(evidence).trim().replace("\"", "'");
    return flat.length() <= 200 ? flat : flat.substring(0, 197).trim() + "...";
  }

  private static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  static String title(AnalysisKind kind) {
    return switch (kind) {
      case SENTIMENT -> "Sentiment";
      case STRATEGY -> "Strategic patterns";
      case POSITIONING -> "Competitive positioning";
    };
  }

  /**
   * Numbers the documents in the order they are first cited; only cited documents are listed, each marked new,
   * changed or unchanged against the previous run when there was one.
   */
  private static final class Citations {
    private static final int MAX_CITATIONS = 4;
    private final Map<String, SourceDocument> byUrl = new LinkedHashMap<>();
    private final Map<String, Integer> numbers = new LinkedHashMap<>();
    private final SinceLastRun since;

    Citations(List<SourceDocument> documents, SinceLastRun since) {
      documents.forEach(d -> byUrl.putIfAbsent(d.url(), d));
      this.since = since;
    }

    String cite(List<String> urls) {
      List<String> refs = new ArrayList<>();
      for (String url : urls.subList(0, Math.min(MAX_CITATIONS, urls.size()))) {
        int n = numbers.computeIfAbsent(url, u -> numbers.size() + 1);
        refs.add(MarkdownText.link(String.valueOf(n), url));
      }
      String text = String.join(" ", refs);
      // a claim resting on many documents shows its first few; the analysis artefact keeps them all
      return urls.size() > MAX_CITATIONS ? text + " and " + (urls.size() - MAX_CITATIONS) + " more" : text;
    }

    List<String> list() {
      List<String> lines = new ArrayList<>();
      numbers.forEach((url, n) -> {
        SourceDocument d = byUrl.get(url);
        String title = d == null || d.title() == null || d.title().isBlank() ? url : d.title().trim();
        StringBuilder line = new StringBuilder().append(n).append(". ").append(MarkdownText.link(title, url));
        if (d != null) {
          line.append(", ").append(d.kind().id());
          if (d.publishedAt() != null) {
            line.append(", published ").append(DAY.format(d.publishedAt()));
          }
          if (d.addressesModels()) {
            line.append(", ").append(AddressedToModels.SOURCE_NOTE);
          }
        }
        var status = since == null ? null : since.documents().get(url);
        if (status != null) {
          line.append(", ").append(status.label());
          if (status != DocumentComparison.DocumentStatus.NEW) {
            line.append(" since run ").append(since.previousRun());
          }
        }
        lines.add(line.toString());
      });
      return lines;
    }

    /** Documents no claim cites that had text addressed to AI systems left out: listed so a reader knows. */
    List<String> notCitedAddressingModels() {
      List<String> lines = new ArrayList<>();
      byUrl.forEach((url, d) -> {
        if (d.addressesModels() && !numbers.containsKey(url)) {
          lines.add("- " + MarkdownText.link(url, url) + ", " + d.kind().id() + ", " + AddressedToModels.SOURCE_NOTE);
        }
      });
      return lines;
    }
  }
}
