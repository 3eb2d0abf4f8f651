package io.rivalwatch.synthesis;

import io.rivalwatch.artefact.ArtefactLinks;
import java.util.ArrayList;
import java.util.List;
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
    return render(input, ownLinks, section -> null);
  }

  /**
   * As {@link #render(ReportInput, ArtefactLinks)}, with the sections' Markdown {@code renderedSections} has already
   * rendered by {@link #section} with this input's shortening; a section not among them is rendered here. The bytes
   * are the same either way.
   */
  Rendered render(ReportInput input, ArtefactLinks ownLinks, Map<CompetitorSection, String> renderedSections) {
    return render(input, ownLinks, section -> renderedSections.containsKey(section)
        ? new Section(renderedSections.get(section), null) : null);
  }

  /**
   * As {@link #render(ReportInput, ArtefactLinks)}, with the sections {@code ahead} has rendered (the report's writer
   * renders them while the executive summary is written) where they were rendered as this input and these links
   * render them; a section not among them is rendered here. The bytes are the same either way.
   */
  Rendered render(ReportInput input, ArtefactLinks ownLinks, SectionsAhead ahead) {
    boolean same = ahead.compress().equals(input.compress()) && ahead.maxWords() == input.maxSectionWords()
        && ahead.sources().equals(ReportWriter.citable(input)) && ahead.publicUrl().equals(ownLinks.publicUrl());
    return render(input, ownLinks, section -> same ? ahead.sections().get(section) : null);
  }

  private Rendered render(ReportInput input, ArtefactLinks ownLinks,
      java.util.function.Function<CompetitorSection, Section> ahead) {
    Set<String> sources = ReportWriter.citable(input);
    java.util.function.Predicate<String> allowed = url -> sources.contains(url) || ownLinks.isOwn(url);
    // the page is put together from its parts: the head, each section, the tail (ReportRenderer#toHtml)
    List<Map.Entry<String, String>> parts = new ArrayList<>();
    parts.add(new java.util.AbstractMap.SimpleImmutableEntry<>(writer.head(input), null));
    for (CompetitorSection section : input.sections()) {
      Section early = ahead.apply(section);
      parts.add(new java.util.AbstractMap.SimpleImmutableEntry<>(
          early != null ? early.markdown() : writer.section(section, input.compress(), input.maxSectionWords()),
          early != null ? early.html() : null));
    }
    parts.add(new java.util.AbstractMap.SimpleImmutableEntry<>(writer.tail(input), null));
    StringBuilder markdown = new StringBuilder();
    parts.forEach(part -> markdown.append(part.getKey()));
    String html = ReportRenderer.toHtml(parts, title(input), allowed);
    return new Rendered(markdown.toString(), html, bounded(writer.summary(input, ReportWriter.FORM_TABLE_ROWS)));
  }

  /** One competitor's section: its Markdown, and its HTML as in the whole page (null: not apart from it). */
  record Section(String markdown, String html) {}

  /**
   * Sections rendered ahead, for one shortening, word limit, set of cited sources and own address: used by
   * {@link #render(ReportInput, ArtefactLinks, SectionsAhead)} only for an input with all four the same.
   */
  record SectionsAhead(Set<String> compress, int maxWords, Set<String> sources, String publicUrl,
      Map<CompetitorSection, Section> sections) {}

  /**
   * The sections' Markdown and HTML, rendered ahead of the rest of the report (which needs the executive summary).
   * Keyed by value: the stored input's sections are equal to these, not the same objects.
   */
  SectionsAhead sectionsAhead(List<CompetitorSection> sections, Set<String> compress, int maxWords,
      ArtefactLinks ownLinks) {
    Set<String> sources = ReportWriter.citable(sections);
    java.util.function.Predicate<String> allowed = url -> sources.contains(url) || ownLinks.isOwn(url);
    Map<CompetitorSection, Section> rendered = new java.util.HashMap<>();
    for (CompetitorSection section : sections) {
      String markdown = writer.section(section, compress, maxWords);
      rendered.put(section, new Section(markdown, ReportRenderer.part(markdown, allowed)));
    }
    return new SectionsAhead(Set.copyOf(compress), maxWords, sources, ownLinks.publicUrl(), rendered);
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
