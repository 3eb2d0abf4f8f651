package io.rivalwatch.synthesis;

import io.rivalwatch.artefact.ArtefactFormat;

/**
 * What a report revision was rendered from, stored once beside it ({@code ArtefactKeys#reportInput}) so that the
 * revision can be rendered again from the store alone: no source, model or memory is asked (docs/rebuilding-reports.md).
 *
 * @param rendererVersion {@link ReportRendering#RENDERER_VERSION} of the rivalwatch that rendered the revision
 * @param input the renderer's whole input
 * @param publicUrl the application's public address when the revision was written: the HTML keeps the links that
 *     start with it (to the run's analyses), as {@code ArtefactLinks} judged them then
 * @param rebuiltFrom the revision this one was rebuilt from with a newer renderer, or null for a revision written
 *     by the run
 */
record StoredReportInput(int rendererVersion, ReportInput input, String publicUrl, Integer rebuiltFrom) {
  static final ArtefactFormat<StoredReportInput> FORMAT =
      ArtefactFormat.of("report-input", StoredReportInput.class);
}
