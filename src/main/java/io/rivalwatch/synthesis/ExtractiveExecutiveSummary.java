package io.rivalwatch.synthesis;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The executive summary without a language model: the strongest finding of each analysis of each competitor (the
 * analysers list their strongest first), as the analysis stated it, with its first source. The findings it is given
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
        Finding strongest = result.findings().get(0);
        String statement = ReportWriter.plainText(cut(strongest.statement().strip()));
        int lineWords = statement.split("\\s+").length + 3;
        if (words + lineWords > request.maxWords()) {
          return Optional.of(md.toString().strip());
        }
        words += lineWords;
        md.append("- **").append(ReportWriter.plainText(competitor.name())).append("**, ")
            .append(ReportWriter.title(kind).toLowerCase(java.util.Locale.ROOT)).append(": ").append(statement);
        if (!strongest.sourceUrls().isEmpty()) {
          String url = strongest.sourceUrls().get(0);
          int n = numbers.computeIfAbsent(url, u -> numbers.size() + 1);
          md.append(" [").append(n).append("](").append(url).append(')');
        }
        md.append('\n');
      }
    }
    return md.isEmpty() ? Optional.empty() : Optional.of(md.toString().strip());
  }

  private static String cut(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= MAX_STATEMENT_CHARS ? flat : flat.substring(0, MAX_STATEMENT_CHARS - 3).strip() + "...";
  }
}
