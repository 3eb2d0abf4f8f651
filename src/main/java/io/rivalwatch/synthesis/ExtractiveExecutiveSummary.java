package io.rivalwatch.synthesis;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The executive summary without a language model: the strongest finding of each analysis of each competitor (the
 * analysers list their strongest first) that quotes its source, as the analysis stated it, with the quote and its
 * sources, so that the summary's check ({@link SummaryVerification}) keeps it. The findings it is given
 * are the verified ones the report shows. Used as the last link of the summary's fallback chain, when every model
 * was unavailable; the finding texts are data, so markup in them is escaped.
 */
public final class ExtractiveExecutiveSummary implements ExecutiveSummaryWriter {

  private static final int MAX_STATEMENT_CHARS = 300;

  @Override
  public Optional<String> write(SummaryRequest request) {
    if (request.competitors() == null || request.competitors().isEmpty()) {
      return Optional.empty();
    }
    Map<String, Integer> numbers = new LinkedHashMap<>();
    StringBuilder md = new StringBuilder();
    int words = 0;
    for (SummaryRequest.Competitor competitor : request.competitors()) {
      for (AnalysisKind kind : AnalysisKind.values()) {
        AnalysisResult result = competitor.analyses() == null ? null : competitor.analyses().get(kind);
        if (result == null || result.findings().isEmpty()) {
          continue;
        }
        // the strongest of the first findings that quotes its source: the report keeps only summary lines that do
        Finding strongest = result.findings().stream().limit(3).filter(f -> !quote(f, result).isEmpty())
            .findFirst().orElse(null);
        if (strongest == null) {
          continue;
        }
        String statement = strongest.statement().strip().replaceAll("[.!?\u2026]+$", "");
        // a statement of several sentences, or with quotes of its own (the analyser's cut excerpts, which the
        // summary's check would look for in the sources as they are), is left out: the quote says it
        String line = (statement.isEmpty() || statement.matches("(?s).*[.!?\u2026]\\s.*")
            || statement.matches("(?s).*[\"\u201c\u201d].*") ? ""
            : ReportWriter.plainText(cut(statement)) + ", quoting ")
            + "\"" + ReportWriter.plainText(quote(strongest, result)) + "\"";
        int lineWords = line.split("\\s+").length + 3;
        if (words + lineWords > request.maxWords()) {
          return Optional.of(md.toString().strip());
        }
        words += lineWords;
        md.append("- **").append(ReportWriter.plainText(competitor.name())).append("**, ")
            .append(ReportWriter.title(kind).toLowerCase(java.util.Locale.ROOT)).append(": ").append(line);
        for (String url : strongest.sourceUrls().subList(0, Math.min(3, strongest.sourceUrls().size()))) {
          int n = numbers.computeIfAbsent(url, u -> numbers.size() + 1);
          md.append(" [").append(n).append("](").append(url).append(')');
        }
        md.append('\n');
      }
    }
    return md.isEmpty() ? Optional.empty() : Optional.of(md.toString().strip());
  }

  /** The finding's first quote of its source, at most 25 words (a cut quote still matches), or empty. */
  private static String quote(Finding finding, AnalysisResult result) {
    if (finding.sourceUrls().isEmpty() || finding.evidence() == null) {
      return "";
    }
    List<String> quotes = ClaimVerification.quotes(finding.evidence().strip(),
        ReportWriter.OFFLINE_LABEL.equals(result.producedBy()));
    String quote = quotes.isEmpty() ? "" : quotes.get(0).strip();
    String[] words = quote.split("\\s+");
    if (quote.isEmpty() || words.length < SummaryVerification.MIN_QUOTE_WORDS || quote.matches("(?s).*[\"\u201c\u201d].*")) {
      return "";
    }
    return words.length <= 25 ? quote : String.join(" ", java.util.Arrays.copyOf(words, 25)) + "...";
  }

  private static String cut(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= MAX_STATEMENT_CHARS ? flat : flat.substring(0, MAX_STATEMENT_CHARS - 3).strip() + "...";
  }
}
