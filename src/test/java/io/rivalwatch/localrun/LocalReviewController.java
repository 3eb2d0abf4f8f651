package io.rivalwatch.localrun;

import io.camunda.client.api.response.ActivatedJob;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * A one-page stand-in for Tasklist in the local run: the same decision and comments as forms/review-report.form. An
 * operator signs in (the sign-in form) to use it.
 */
@RestController
@Profile("local-run")
class LocalReviewController {

  static final String PATH = "/local/review";

  private final LocalReviewer reviewer;

  LocalReviewController(LocalReviewer reviewer) {
    this.reviewer = reviewer;
  }

  @GetMapping(value = PATH, produces = MediaType.TEXT_HTML_VALUE)
  String page(CsrfToken csrf) {
    return reviewer.pending().map(job -> form(job, csrf))
        .orElse(page("<p>No report is waiting for review. Reload when the run reaches the review.</p>"));
  }

  /** The reviewer's name when the page was opened without signing in (the local run's own reviewer). */
  static final String ANONYMOUS_REVIEWER = "local review page (not signed in)";

  @PostMapping(value = PATH, produces = MediaType.TEXT_HTML_VALUE)
  String decide(@RequestParam long jobKey, @RequestParam String reviewDecision,
      @RequestParam(defaultValue = "") String reviewComments, java.security.Principal principal) {
    if (!Map.of("approve", 1, "request-changes", 1, "reject", 1).containsKey(reviewDecision)) {
      return page("<p>Unknown decision. Choose approve, request changes or reject.</p>");
    }
    if (reviewDecision.equals("request-changes") && reviewComments.isBlank()) {
      return page("<p>Say what should change: comments are required when requesting changes.</p>");
    }
    // who decided, for the audit trail: the signed-in user; never a name taken from the form
    reviewer.complete(jobKey, reviewDecision, reviewComments,
        principal == null || principal.getName() == null ? ANONYMOUS_REVIEWER : principal.getName());
    return page("<p>Decision recorded: " + HtmlUtils.htmlEscape(reviewDecision) + ". Watch the terminal.</p>");
  }

  /** The form carries the session's CSRF token: a page elsewhere cannot post a decision in the reviewer's name. */
  private static String form(ActivatedJob job, CsrfToken csrf) {
    Map<String, Object> v = job.getVariablesAsMap();
    String url = HtmlUtils.htmlEscape(String.valueOf(v.get("reportUrl")));
    return page("<p><a href=\"" + url + "\" target=\"_blank\">Open the full report</a></p>"
        + "<pre style=\"white-space:pre-wrap\">" + HtmlUtils.htmlEscape(String.valueOf(v.getOrDefault("reportSummary", "")))
        + "</pre><h3>What changed since the last delivered report</h3><pre style=\"white-space:pre-wrap\">"
        + HtmlUtils.htmlEscape(String.valueOf(v.getOrDefault("reportChanges", ""))) + "</pre><form method=\"post\"><input type=\"hidden\" name=\"jobKey\" value=\"" + job.getKey() + "\">"
        + "<input type=\"hidden\" name=\"" + HtmlUtils.htmlEscape(csrf.getParameterName()) + "\" value=\""
        + HtmlUtils.htmlEscape(csrf.getToken()) + "\">"
        + "<p><label><input type=\"radio\" name=\"reviewDecision\" value=\"approve\" required> Approve and deliver</label><br>"
        + "<label><input type=\"radio\" name=\"reviewDecision\" value=\"request-changes\"> Request changes</label><br>"
        + "<label><input type=\"radio\" name=\"reviewDecision\" value=\"reject\"> Reject</label></p>"
        + "<p><textarea name=\"reviewComments\" rows=\"5\" cols=\"80\" placeholder=\"Comments\"></textarea></p>"
        + "<p><button type=\"submit\">Submit decision</button></p></form>");
  }

  private static String page(String body) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Review report</title></head>"
        + "<body style=\"font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto\"><h1>Review report</h1>"
        + body + "</body></html>";
  }
}
