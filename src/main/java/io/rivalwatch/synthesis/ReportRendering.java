package io.rivalwatch.synthesis;

import io.rivalwatch.artefact.ArtefactLinks;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Everything that turns a revision's {@link ReportInput} into the bytes stored and delivered: the Markdown
 * ({@link ReportWriter}), the HTML page ({@link ReportRenderer}) and the review form's summary. Pure: the same input
 * and own links give the same bytes, which is what lets a stored revision be rebuilt and checked
 * ({@link ReportRebuilds}).
 *
 * <p>{@link #RENDERER_VERSION} names the output: change it whenever the same input renders to other bytes (a layout
 * change, a new line in the footer, another HTML style). {@code ReportRenderingTest} renders a recorded input and
 * fails when the output differs from the one recorded for this version.
 */
@Component
class ReportRendering {

  /** The version of the rendered output; one more with every change to the bytes an input renders to. */
  static final int RENDERER_VERSION = 1;

  /**
   * One revision's stored texts.
   *
   * @param summary the review form's summary table (bounded)
   */
  record Rendered(String markdown, String html, String summary) {}

  private final ReportWriter writer = new ReportWriter();

  /** The version of what {@link #render} makes. */
  int version() {
    return RENDERER_VERSION;
  }

  /**
   * @param ownLinks the application's own links, which the report keeps besides its gathered sources (links to its
   *     analyses); a rebuild passes those of the public address stored with the input, not today's
   */
  Rendered render(ReportInput input, ArtefactLinks ownLinks) {
    return render(input, ownLinks, Map.of());
  }

  /**
   * As {@link #render(ReportInput, ArtefactLinks)}, with the sections {@code renderedSections} has already rendered
   * by {@link #section} with this input's shortening (the report's writer renders them while the executive summary is
   * written); a section not among them is rendered here. The bytes are the same either way.
   */
  Rendered render(ReportInput input, ArtefactLinks ownLinks, Map<CompetitorSection, String> renderedSections) {
    String markdown = writer.write(input, section -> renderedSections.containsKey(section)
        ? renderedSections.get(section) : writer.section(section, input.compress(), input.maxSectionWords()));
    Set<String> sources = ReportWriter.citable(input);
    String html = ReportRenderer.toHtml(markdown, title(input),
        url -> sources.contains(url) || ownLinks.isOwn(url));
    return new Rendered(markdown, html, bounded(writer.summary(input, ReportWriter.FORM_TABLE_ROWS)));
  }

  /** One competitor's section of the Markdown: it depends on the section, the sections to shorten and the word limit. */
  String section(CompetitorSection section, Set<String> compress, int maxWords) {
    return writer.section(section, compress, maxWords);
  }

  static String title(ReportInput input) {
    return "rivalwatch report " + input.runId() + " r" + input.revision();
  }

  static String bounded(String summary) {
    int max = ReportSynthesis.SUMMARY_MAX_CHARS;
    return summary.length() <= max ? summary
        : summary.substring(0, max - 40) + "\n\n(summary shortened; open the full report)\n";
  }
}
