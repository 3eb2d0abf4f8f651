package io.rivalwatch.research.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rivalwatch.research.FetchException;
import io.rivalwatch.research.FetchedPage;
import io.rivalwatch.research.PageFetcher;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.research.ResearchProperties;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceConnector;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.stereotype.Component;

/**
 * Market data from SEC EDGAR (chosen by {@code market.secCik}): the company's submissions
 * (GET {secEdgarUrl}/submissions/CIK##########.json) give one document for the company profile and one per recent
 * filing (the ten most recent), each citing the filing's primary document. There is nothing more to read in later
 * rounds. EDGAR refuses clients without a descriptive User-Agent: {@code rivalwatch.research.user-agent}.
 */
@Component
public class SecEdgarConnector implements SourceConnector {

  static final int MAX_FILINGS = 10;
  private static final String SEC_ARCHIVES = "https://www.sec.gov";

  private static final Map<String, String> FORMS =
      Map.ofEntries(
          Map.entry("10-K", "annual report"),
          Map.entry("10-K/A", "amended annual report"),
          Map.entry("10-Q", "quarterly report"),
          Map.entry("10-Q/A", "amended quarterly report"),
          Map.entry("8-K", "current report"),
          Map.entry("8-K/A", "amended current report"),
          Map.entry("S-1", "registration statement"),
          Map.entry("DEF 14A", "proxy statement"),
          Map.entry("4", "statement of changes in beneficial ownership"),
          Map.entry("SC 13G", "beneficial ownership report"),
          Map.entry("SC 13D", "beneficial ownership report"),
          Map.entry("S-8", "registration of employee benefit plan securities"),
          Map.entry("D", "notice of exempt offering of securities"),
          Map.entry("D/A", "amended notice of exempt offering of securities"));

  private static final Map<String, String> EIGHT_K_ITEMS =
      Map.ofEntries(
          Map.entry("1.01", "Entry into a Material Definitive Agreement"),
          Map.entry("1.02", "Termination of a Material Definitive Agreement"),
          Map.entry("2.01", "Completion of Acquisition or Disposition of Assets"),
          Map.entry("2.02", "Results of Operations and Financial Condition"),
          Map.entry("2.05", "Costs Associated with Exit or Disposal Activities"),
          Map.entry("2.06", "Material Impairments"),
          Map.entry("3.02", "Unregistered Sales of Equity Securities"),
          Map.entry("5.02", "Departure or Appointment of Directors or Officers"),
          Map.entry("5.07", "Submission of Matters to a Vote of Security Holders"),
          Map.entry("7.01", "Regulation FD Disclosure"),
          Map.entry("8.01", "Other Events"),
          Map.entry("9.01", "Financial Statements and Exhibits"));

  private static final Map<String, String> FORM_D_EXEMPTIONS =
      Map.of("04", "Rule 504", "06b", "Rule 506(b)", "06c", "Rule 506(c)", "3C", "Investment Company Act section 3(c)");

  private final PageFetcher fetcher;
  private final ResearchProperties properties;
  private final ObjectMapper json = new ObjectMapper();

  public SecEdgarConnector(PageFetcher fetcher, ResearchProperties properties) {
    this.fetcher = fetcher;
    this.properties = properties;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.MARKET;
  }

  @Override
  public boolean isConfigured(CompetitorProfile competitor) {
    return competitor.market() != null
        && competitor.market().secCik() != null
        && !competitor.market().secCik().isBlank();
  }

  @Override
  public SourceBatch gather(CompetitorProfile competitor, int round, List<SourceDocument> alreadyGathered) {
    if (!isConfigured(competitor) || round != 0) {
      return SourceBatch.empty();
    }
    BatchCollector batch = new BatchCollector(
            "SEC EDGAR data of " + competitor.id(), alreadyGathered, EnumSet.of(SourceKind.MARKET));
    String cik = competitor.market().secCik().strip();
    if (!cik.matches("\\d{1,10}")) {
      batch.problem("SEC CIK '" + cik + "': not a central index key (up to 10 digits)");
      return batch.toBatch();
    }
    String paddedCik = "0".repeat(10 - cik.length()) + cik;
    String url = properties.secEdgarUrl() + "/submissions/CIK" + paddedCik + ".json";
    if (!batch.isNew(url)) {
      return SourceBatch.empty();
    }
    FetchedPage page;
    try {
      page = fetcher.fetch(url, PageFetcher.JSON);
    } catch (FetchException e) {
      batch.failed(e);
      return batch.toBatch();
    }
    JsonNode submissions;
    try {
      submissions = json.readTree(page.body());
    } catch (JsonProcessingException e) {
      batch.problem(url + ": not an EDGAR submissions document");
      return batch.toBatch();
    }
    String name = text(submissions, "name", competitor.name());
    List<Filing> filings = recentFilings(submissions.path("filings").path("recent"), Long.parseLong(cik));
    batch.add(profile(url, name, paddedCik, submissions, filings, page.fetchedAt()));
    for (Filing filing : filings) {
      batch.add(filing.toDocument(name, page.fetchedAt()));
    }
    return batch.toBatch();
  }

  private SourceDocument profile(
      String url, String name, String cik, JsonNode submissions, List<Filing> filings, Instant fetchedAt) {
    List<String> sentences = new ArrayList<>();
    sentences.add(name + " files with the US Securities and Exchange Commission under CIK " + cik + ".");
    List<String> tickers = strings(submissions.path("tickers"));
    List<String> exchanges = strings(submissions.path("exchanges"));
    if (!tickers.isEmpty()) {
      sentences.add(
          "Its shares trade as "
              + String.join(", ", tickers)
              + (exchanges.isEmpty() ? "" : " on " + String.join(", ", exchanges))
              + ".");
    } else {
      sentences.add("It has no listed shares.");
    }
    String sic = text(submissions, "sic", "");
    String sicDescription = text(submissions, "sicDescription", "");
    if (!sicDescription.isEmpty()) {
      sentences.add("Industry: " + sicDescription + (sic.isEmpty() ? "" : " (SIC " + sic + ")") + ".");
    }
    String category = text(submissions, "category", "");
    if (!category.isEmpty()) {
      sentences.add("Filer category: " + category.replace("<br>", ", ") + ".");
    }
    String state = text(submissions, "stateOfIncorporation", "");
    if (!state.isEmpty()) {
      sentences.add("State of incorporation: " + state + ".");
    }
    JsonNode business = submissions.path("addresses").path("business");
    String city = text(business, "city", "");
    if (!city.isEmpty()) {
      String region = text(business, "stateOrCountry", "");
      sentences.add("Business address: " + city + (region.isEmpty() ? "" : ", " + region) + ".");
    }
    String fiscalYearEnd = fiscalYearEnd(text(submissions, "fiscalYearEnd", ""));
    if (!fiscalYearEnd.isEmpty()) {
      sentences.add("Fiscal year ends on " + fiscalYearEnd + ".");
    }
    String website = text(submissions, "website", "");
    if (!website.isEmpty()) {
      sentences.add("Website: " + website + ".");
    }
    if (!filings.isEmpty()) {
      StringJoiner recent = new StringJoiner("; ", "Most recent filings: ", ".");
      filings.forEach(f -> recent.add(f.form() + " filed " + f.filingDate()));
      sentences.add(recent.toString());
    }
    List<String> links = new ArrayList<>();
    filings.forEach(f -> links.add(f.link()));
    String websiteLink = Urls.normalise(website.startsWith("http") ? website : "https://" + website);
    if (!website.isEmpty() && websiteLink != null) {
      links.add(websiteLink);
    }
    return Documents.create(
        url,
        name + ": SEC EDGAR company profile",
        SourceKind.MARKET,
        fetchedAt,
        null,
        String.join(" ", sentences),
        links);
  }

  private List<Filing> recentFilings(JsonNode recent, long cik) {
    JsonNode forms = recent.path("form");
    List<Filing> filings = new ArrayList<>();
    for (int i = 0; i < forms.size(); i++) {
      String accession = at(recent, "accessionNumber", i);
      String document = at(recent, "primaryDocument", i);
      if (accession.isEmpty() || document.isEmpty()) {
        continue;
      }
      filings.add(
          new Filing(
              at(recent, "form", i),
              at(recent, "filingDate", i),
              at(recent, "reportDate", i),
              at(recent, "acceptanceDateTime", i),
              at(recent, "primaryDocDescription", i),
              at(recent, "items", i),
              filingLink(properties.secEdgarUrl(), cik, accession, document)));
    }
    return filings.stream()
        .sorted(Comparator.comparing(Filing::filingDate).reversed())
        .limit(MAX_FILINGS)
        .toList();
  }

  /**
   * Where a filing's primary document is: on www.sec.gov for the real EDGAR API; under the API's own address for a
   * stand-in (the sample site), so that the link can be followed there.
   */
  static String filingLink(String secEdgarUrl, long cik, String accessionNumber, String primaryDocument) {
    String base = secEdgarUrl.equals(ResearchProperties.DEFAULT_SEC_EDGAR_URL) ? SEC_ARCHIVES : secEdgarUrl;
    return base + "/Archives/edgar/data/" + cik + "/" + accessionNumber.replace("-", "") + "/" + primaryDocument;
  }

  private static String fiscalYearEnd(String mmdd) {
    if (!mmdd.matches("\\d{4}")) {
      return "";
    }
    try {
      Month month = Month.of(Integer.parseInt(mmdd.substring(0, 2)));
      return Integer.parseInt(mmdd.substring(2)) + " " + month.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.asText().isBlank() ? value.asText().strip() : fallback;
  }

  private static String at(JsonNode recent, String field, int index) {
    JsonNode value = recent.path(field).path(index);
    return value.isValueNode() ? value.asText("").strip() : "";
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    for (JsonNode value : array) {
      if (value.isTextual() && !value.asText().isBlank()) {
        values.add(value.asText().strip());
      }
    }
    return values;
  }

  private record Filing(
      String form,
      String filingDate,
      String reportDate,
      String acceptanceDateTime,
      String description,
      String items,
      String link) {

    SourceDocument toDocument(String company, Instant fetchedAt) {
      String kindOfReport = FORMS.getOrDefault(form, "filing");
      StringBuilder text =
          new StringBuilder()
              .append(company)
              .append(" filed a Form ")
              .append(form)
              .append(" (")
              .append(kindOfReport)
              .append(") with the SEC on ")
              .append(filingDate);
      if (!reportDate.isEmpty()) {
        text.append(" for the period ended ").append(reportDate);
      }
      text.append('.');
      if (!description.isEmpty()
          && !description.equalsIgnoreCase(form)
          && !description.toLowerCase(Locale.ROOT).endsWith(kindOfReport)) {
        text.append(" Document: ").append(HtmlText.asSentence(description));
      }
      if (!items.isEmpty() && form.startsWith("8-K")) {
        StringJoiner described = new StringJoiner("; ", " Items reported: ", ".");
        for (String item : items.split(",")) {
          String number = item.strip();
          String meaning = EIGHT_K_ITEMS.get(number);
          described.add(meaning == null ? number : number + " " + meaning);
        }
        text.append(described);
      } else if (!items.isEmpty() && (form.equals("D") || form.equals("D/A"))) {
        StringJoiner described = new StringJoiner(", ", " Exemptions claimed: ", ".");
        for (String item : items.split(",")) {
          String code = item.strip();
          described.add(FORM_D_EXEMPTIONS.getOrDefault(code, code));
        }
        text.append(described);
      }
      return Documents.create(
          link,
          company + " " + form + " filed " + filingDate,
          SourceKind.MARKET,
          fetchedAt,
          publishedAt(),
          text.toString(),
          List.of(link));
    }

    private Instant publishedAt() {
      Instant accepted = Dates.parse(acceptanceDateTime);
      if (accepted != null) {
        return accepted;
      }
      try {
        return LocalDate.parse(filingDate).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}
