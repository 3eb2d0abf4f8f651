package io.rivalwatch.synthesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.text.Sha256;
import java.util.Comparator;
import java.util.List;

/**
 * The identity of an executive summary's input: the writer's version (model, prompt id and a digest of its text,
 * answer settings), the word limit, and per competitor (in id order) its name and each analysis it reads: which
 * analyser made it and a SHA-256 of its content; then what is missing, the quality findings and the reviewer's
 * comments. Equal fingerprints mean the writer would be given the same thing, so its earlier summary still stands.
 *
 * <p>Left out on purpose: the run id and revision number (they change every run), and the "what changed since the
 * last run" lines, which name the run they compare with and so never repeat. What they report comes from the
 * documents, and a changed document makes its analyses be made again, which changes their digests here.
 */
public final class SummaryFingerprint {

  private static final String FORMAT = "rivalwatch-summary-input/1";
  // the same analysis always gives the same bytes: record components in declaration order, map keys sorted
  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private SummaryFingerprint() {}

  /**
   * SHA-256 (hex) of the canonical input text.
   *
   * @param writerVersion {@link ExecutiveSummaryWriter#version()} of the writer that would write it
   */
  public static String of(SummaryRequest request, String writerVersion) {
    StringBuilder text = new StringBuilder(FORMAT).append('\n')
        .append("writer\t").append(flat(writerVersion)).append('\n')
        .append("maxWords\t").append(request.maxWords()).append('\n');
    List<SummaryRequest.Competitor> competitors = request.competitors() == null ? List.of()
        : request.competitors().stream().sorted(Comparator.comparing(SummaryRequest.Competitor::competitorId)).toList();
    for (SummaryRequest.Competitor c : competitors) {
      text.append("competitor\t").append(flat(c.competitorId())).append('\t').append(flat(c.name())).append('\n');
      for (AnalysisKind kind : AnalysisKind.values()) {
        AnalysisResult result = c.analyses() == null ? null : c.analyses().get(kind);
        if (result != null) {
          text.append("analysis\t").append(kind.id()).append('\t').append(flat(result.producedBy())).append('\t')
              .append(contentDigest(result)).append('\n');
        }
      }
    }
    lines(text, "missing", request.missing());
    lines(text, "quality", request.qualityFindings());
    text.append("reviewer\t").append(request.reviewerComments() == null ? "" : flat(request.reviewerComments().strip()))
        .append('\n');
    return Sha256.hex(text.toString());
  }

  /** SHA-256 (hex) of the analysis as stored: its analyser, summary, findings with their sources, and metrics. */
  public static String contentDigest(AnalysisResult result) {
    try {
      return Sha256.hex(CANONICAL.writeValueAsString(result));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an analysis result is always writable as JSON", e);
    }
  }

  private static void lines(StringBuilder text, String label, List<String> lines) {
    if (lines != null) {
      lines.forEach(line -> text.append(label).append('\t').append(flat(line)).append('\n'));
    }
  }

  // tabs and line breaks separate fields: a value must not be able to shift them
  private static String flat(String value) {
    return value == null ? "" : value.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}
