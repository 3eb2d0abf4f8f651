package io.rivalwatch.synthesis;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactLinks;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.audit.AuditTrail;
import io.rivalwatch.planning.PlanningService;
import java.time.Clock;
import org.springframework.context.ApplicationContext;

/**
 * A renderer change for tests of rebuilding: today's renderer, one version on, with one line added under the report's
 * title, as an improved layout would add one.
 */
public final class ChangedRenderer {

  private ChangedRenderer() {}

  /** The application's {@link ReportRebuilds}, but rendering with the changed renderer. */
  public static ReportRebuilds rebuildsWith(ApplicationContext app, String addedLine) {
    return new ReportRebuilds(app.getBean(PlanningService.class), app.getBean(ArtefactStore.class),
        app.getBean(ArtefactJson.class), app.getBean(WrittenReports.class), rendering(addedLine),
        app.getBean(AuditTrail.class), app.getBean(ArtefactLinks.class), app.getBean(Clock.class));
  }

  static ReportRendering rendering(String addedLine) {
    return new ReportRendering() {
      @Override
      int version() {
        return RENDERER_VERSION + 1;
      }

      @Override
      Rendered render(ReportInput input, ArtefactLinks ownLinks) {
        Rendered today = super.render(input, ownLinks);
        String markdown = today.markdown().replaceFirst("\n\n", "\n\n" + addedLine + "\n\n");
        var sources = ReportWriter.citable(input);
        return new Rendered(markdown, ReportRenderer.toHtml(markdown, title(input),
            url -> sources.contains(url) || ownLinks.isOwn(url)), today.summary());
      }
    };
  }
}
