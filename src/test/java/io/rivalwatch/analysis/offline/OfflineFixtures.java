package io.rivalwatch.analysis.offline;

import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small crafted documents shared by the offline analyser tests. */
final class OfflineFixtures {

  static final Instant FETCHED = Instant.parse("2025-06-02T02:00:00Z");

  /** Two sentences without sentiment, strategy or positioning cues, to give crafted documents enough text. */
  static final String NEUTRAL =
      " The company was founded in 2015 and is based in Berlin. Its staff work from four countries in the region."
          + " The head office sits close to the old harbour and the main railway station of the city.";

  private OfflineFixtures() {}

  static SourceDocument doc(SourceKind kind, String url, String title, String text) {
    return new SourceDocument(url, title, kind, FETCHED, null, "hash-" + url.hashCode(), text, List.of());
  }

  static AnalysisInput input(SourceDocument... docs) {
    return new AnalysisInput("acme", "Acme", Arrays.asList(docs), List.of());
  }

  static AnalysisInput input(List<MemoryHit> memory, SourceDocument... docs) {
    return new AnalysisInput("acme", "Acme", Arrays.asList(docs), memory);
  }

  /** A realistic small set: homepage, pricing page, two news articles, a social post, a filing excerpt. */
  static List<SourceDocument> acme() {
    List<SourceDocument> docs = new ArrayList<>();
    docs.add(doc(SourceKind.WEBSITE, "https://acme.example/", "Acme | Workflow automation for modern teams",
        "<nav>Products Pricing Login</nav><h1>Automate every workflow</h1>"
            + "<p>Acme is the only workflow platform built for regulated enterprises and fast-growing startups. "
            + "Our AI assistant drafts approvals in seconds, and SOC 2 and GDPR compliance come out of the box. "
            + "Connect over 200 integrations, including Salesforce, Slack and SAP. "
            + "Trusted by Fortune 500 companies and 4,000 teams worldwide. "
            + "Customers love how easy it is to get started.</p>"));
    docs.add(doc(SourceKind.WEBSITE, "https://acme.example/pricing", "Pricing - Acme",
        "Simple, transparent pricing for teams of every size. The Starter plan is free forever for small teams "
            + "of up to 5 users. Team costs $49 per user/month, billed annually. "
            + "Business is €29/mo per seat for mid-market companies that need SSO and audit logs. "
            + "Enterprise: contact sales for custom pricing and a dedicated success manager. "
            + "Start a 14-day free trial today, no credit card required."));
    docs.add(doc(SourceKind.NEWS, "https://news.example/acme-partners-with-salesforce",
        "Acme partners with Salesforce to bring AI agents to service teams",
        "Acme announced a strategic partnership with Salesforce on Tuesday. "
            + "The integration lets service teams trigger Acme workflows from Salesforce records. "
            + "Acme also launched Acme Copilot, a generative AI assistant that is now available to all customers. "
            + "Analysts called the launch impressive, but some customers complained about slow support and "
            + "recent outages. "
            + "The company said it expands into Germany and Japan with new offices in Berlin and Tokyo this year."));
    docs.add(doc(SourceKind.NEWS, "https://news.example/acme-series-c",
        "Acme raises $120 million Series C to expand internationally",
        "Acme has raised $120 million in a Series C funding round led by Example Ventures. "
            + "The company plans to double its engineering team and is hiring 200 engineers across Europe. "
            + "Revenue grew 80% year over year, the company said. "
            + "Workflow automation remains a crowded market, and Acme's prices are not cheap."));
    docs.add(doc(SourceKind.SOCIAL, "https://social.example/@jane/1",
        "Jane on Acme",
        "Honestly the new Acme Copilot is really great for our workflow automation. "
            + "Setup was not difficult at all and support answered within minutes. "
            + "The only thing I miss is a better mobile app."));
    docs.add(doc(SourceKind.MARKET, "https://sec.example/acme-10q",
        "Acme Inc. Form 10-Q",
        "Total revenue for the quarter was $58.2 million, an increase of 41% compared with the prior year. "
            + "Net loss was $12.4 million as we continued to invest in research and development. "
            + "We face intense competition and our results could be adversely affected by security breaches."));
    return docs;
  }

  /** Every finding's URLs are URLs of the input documents. */
  static List<String> inputUrls(AnalysisInput input) {
    List<String> urls = new ArrayList<>();
    for (SourceDocument d : input.documents()) {
      urls.add(d.url());
    }
    return urls;
  }

  /** The result as readable text with sorted metric keys (for printing and for byte-wise comparison). */
  static String render(AnalysisResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append("kind: ").append(r.kind()).append('\n');
    sb.append("competitorId: ").append(r.competitorId()).append('\n');
    sb.append("producedBy: ").append(r.producedBy()).append('\n');
    sb.append("summary: ").append(r.summary()).append('\n');
    sb.append("findings:\n");
    for (Finding f : r.findings()) {
      sb.append("  - [").append(f.category()).append("] ").append(f.statement());
      if (f.score() != null) {
        sb.append(" (score ").append(f.score()).append(')');
      }
      sb.append('\n');
      if (f.evidence() != null && !f.evidence().isEmpty()) {
        sb.append("      evidence: ").append(f.evidence()).append('\n');
      }
      sb.append("      sources: ").append(String.join(", ", f.sourceUrls())).append('\n');
    }
    sb.append("metrics:\n");
    Map<String, Object> sorted = new TreeMap<>(r.metrics());
    sorted.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
    return sb.toString();
  }
}
