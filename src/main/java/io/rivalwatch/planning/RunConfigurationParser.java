package io.rivalwatch.planning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rivalwatch.planning.CompetitorProfile.MarketSources;
import io.rivalwatch.planning.CompetitorProfile.NewsSources;
import io.rivalwatch.planning.CompetitorProfile.SocialSources;
import io.rivalwatch.planning.CompetitorProfile.WebsiteSources;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the YAML text of a run configuration into a {@link RunConfiguration}, checking every field. It collects
 * all problems before failing, so one edit can fix them all; each names the field and the fix.
 */
public class RunConfigurationParser {

  static final int DEFAULT_EXTRA_RESEARCH_ROUNDS = 2;
  static final int DEFAULT_MIN_USABLE_DOCUMENTS = 3;
  static final int DEFAULT_REPORT_ATTEMPTS = 3;
  static final int DEFAULT_MAX_SECTION_WORDS = 1500;

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern CIK = Pattern.compile("\\d{10}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final Set<String> TOP_FIELDS = Set.of("settings", "competitors");
  private static final Set<String> SETTINGS_FIELDS =
      Set.of("extraResearchRounds", "minUsableDocuments", "reportAttempts", "maxSectionWords", "emailRecipients",
          "minCompleteShare", "refresh");
  private static final Set<String> COMPETITOR_FIELDS = Set.of("id", "name", "website", "news", "social", "market");

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  public RunConfiguration parse(String source, String text) {
    JsonNode root;
    try {
      root = yaml.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigurationException(
          source,
          List.of("the file is not valid YAML (line " + e.getLocation().getLineNr() + ": "
              + e.getOriginalMessage() + "). Fix: correct the YAML syntax there"));
    }
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new InvalidConfigurationException(
          source, List.of("the file is empty or not a mapping. Fix: start it with 'settings:' and 'competitors:'"));
    }
    unknownFields(root, "", TOP_FIELDS, problems);
    RunSettings settings = settings(root.get("settings"), problems);
    List<CompetitorProfile> competitors = competitors(root.get("competitors"), problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(source, problems);
    }
    return new RunConfiguration(settings, competitors);
  }

  private RunSettings settings(JsonNode node, List<String> problems) {
    if (node == null || node.isNull()) {
      return new RunSettings(
          DEFAULT_EXTRA_RESEARCH_ROUNDS, DEFAULT_MIN_USABLE_DOCUMENTS, DEFAULT_REPORT_ATTEMPTS,
          DEFAULT_MAX_SECTION_WORDS, List.of());
    }
    if (!node.isObject()) {
      problems.add("settings: must be a mapping of setting names to values. Fix: indent the settings under 'settings:'");
      return null;
    }
    unknownFields(node, "settings", SETTINGS_FIELDS, problems);
    int extraRounds = integer(node, "settings", "extraResearchRounds", DEFAULT_EXTRA_RESEARCH_ROUNDS, 0, 5, problems);
    int minDocuments = integer(node, "settings", "minUsableDocuments", DEFAULT_MIN_USABLE_DOCUMENTS, 1, 200, problems);
    int attempts = integer(node, "settings", "reportAttempts", DEFAULT_REPORT_ATTEMPTS, 1, 10, problems);
    int maxWords = integer(node, "settings", "maxSectionWords", DEFAULT_MAX_SECTION_WORDS, 50, 20_000, problems);
    List<String> recipients = new ArrayList<>();
    JsonNode list = node.get("emailRecipients");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        problems.add("settings.emailRecipients: must be a list. Fix: write [someone@example.com, ...]");
      } else {
        for (int i = 0; i < list.size(); i++) {
          String address = list.get(i).asText("");
          if (!EMAIL.matcher(address).matches()) {
            problems.add("settings.emailRecipients[" + i + "]: '" + address
                + "' is not an e-mail address. Fix: write it as name@domain");
          } else {
            recipients.add(address);
          }
        }
      }
    }
    double share = RunSettings.DEFAULT_MIN_COMPLETE_SHARE;
    JsonNode shareNode = node.get("minCompleteShare");
    if (shareNode != null && !shareNode.isNull()) {
      if (!shareNode.isNumber() || shareNode.asDouble() < 0 || shareNode.asDouble() > 1) {
        problems.add("settings.minCompleteShare: '" + shareNode.asText() + "' is not a share from 0 to 1. Fix: write "
            + "e.g. 0.5 for half of the competitors (default " + RunSettings.DEFAULT_MIN_COMPLETE_SHARE + ")");
      } else {
        share = shareNode.asDouble();
      }
    }
    boolean fullRefresh = false;
    JsonNode refreshNode = node.get("refresh");
    if (refreshNode != null && !refreshNode.isNull()) {
      Boolean full = refreshNode.isTextual() ? RunSettings.fullRefresh(refreshNode.asText()) : null;
      if (full == null) {
        problems.add("settings.refresh: '" + refreshNode.asText() + "' is not a refresh mode. "
            + RunSettings.refreshFix());
      } else {
        fullRefresh = full;
      }
    }
    return new RunSettings(extraRounds, minDocuments, attempts, maxWords, recipients, share, fullRefresh);
  }

  private List<CompetitorProfile> competitors(JsonNode node, List<String> problems) {
    List<CompetitorProfile> result = new ArrayList<>();
    if (node == null || !node.isArray() || node.isEmpty()) {
      problems.add("competitors: at least one competitor is needed. Fix: add a list entry with id, name and sources");
      return result;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String path = "competitors[" + i + "]";
      JsonNode entry = node.get(i);
      if (!entry.isObject()) {
        problems.add(path + ": must be a mapping with id, name and sources. Fix: write '- id: ...' on its own line");
        continue;
      }
      unknownFields(entry, path, COMPETITOR_FIELDS, problems);
      String id = text(entry, "id");
      if (id == null) {
        problems.add(path + ".id: missing. Fix: add a short lower-case id such as 'acme'");
      } else if (!ID.matcher(id).matches()) {
        problems.add(path + ".id: '" + id + "' is not allowed. Fix: use lower-case letters, digits and '-', e.g. 'acme-corp'");
      } else if (!ids.add(id)) {
        problems.add(path + ".id: '" + id + "' is used by an earlier competitor. Fix: give each competitor its own id");
      }
      String name = text(entry, "name");
      if (name == null) {
        problems.add(path + ".name: missing. Fix: add the company's name as it should appear in the report");
      }
      WebsiteSources website = website(entry.get("website"), path + ".website", problems);
      NewsSources news = news(entry.get("news"), path + ".news", problems);
      SocialSources social = social(entry.get("social"), path + ".social", problems);
      MarketSources market = market(entry.get("market"), path + ".market", problems);
      if (website == null && news == null && social == null && market == null) {
        problems.add(path + ": no sources. Fix: configure at least one of website, news, social, market");
      }
      result.add(new CompetitorProfile(id, name, website, news, social, market));
    }
    return result;
  }

  private WebsiteSources website(JsonNode node, String path, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    unknownFields(node, path, Set.of("pages"), problems);
    List<URI> pages = urls(node.get("pages"), path + ".pages", problems);
    return pages.isEmpty() ? null : new WebsiteSources(pages);
  }

  private NewsSources news(JsonNode node, String path, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    unknownFields(node, path, Set.of("feeds"), problems);
    List<URI> feeds = urls(node.get("feeds"), path + ".feeds", problems);
    return feeds.isEmpty() ? null : new NewsSources(feeds);
  }

  private SocialSources social(JsonNode node, String path, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    unknownFields(node, path, Set.of("hackerNewsQuery"), problems);
    String query = text(node, "hackerNewsQuery");
    if (query == null) {
      problems.add(path + ".hackerNewsQuery: missing. Fix: give the words to search for, usually the company name");
      return null;
    }
    return new SocialSources(query);
  }

  private MarketSources market(JsonNode node, String path, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    unknownFields(node, path, Set.of("secCik"), problems);
    String cik = text(node, "secCik");
    if (cik == null || !CIK.matcher(cik).matches()) {
      problems.add(path + ".secCik: '" + cik + "' is not a 10-digit SEC CIK. Fix: quote it and pad with zeros, "
          + "e.g. \"0000320193\"");
      return null;
    }
    return new MarketSources(cik);
  }

  private List<URI> urls(JsonNode node, String path, List<String> problems) {
    List<URI> urls = new ArrayList<>();
    if (node == null || !node.isArray() || node.isEmpty()) {
      problems.add(path + ": must be a non-empty list of addresses. Fix: write [\"https://...\"]");
      return urls;
    }
    for (int i = 0; i < node.size(); i++) {
      String value = node.get(i).asText("");
      URI uri = absoluteHttpUri(value);
      if (uri == null) {
        problems.add(path + "[" + i + "]: '" + value + "' is not an absolute http(s) URL. Fix: write the full "
            + "address, e.g. https://www.example.com/products");
      } else {
        urls.add(uri);
      }
    }
    return urls;
  }

  private static URI absoluteHttpUri(String value) {
    try {
      URI uri = new URI(value.trim());
      boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
      return http && uri.getHost() != null ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static int integer(
      JsonNode node, String parent, String field, int fallback, int min, int max, List<String> problems) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < min || value.asInt() > max) {
      problems.add(parent + "." + field + ": '" + value.asText() + "' is not a whole number from " + min + " to "
          + max + ". Fix: write a number in that range (default " + fallback + ")");
      return fallback;
    }
    return value.asInt();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank()) {
      return null;
    }
    return value.asText().trim();
  }

  private static void unknownFields(JsonNode node, String path, Set<String> known, List<String> problems) {
    if (!node.isObject()) {
      return;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        String where = path.isEmpty() ? name : path + "." + name;
        problems.add(where + ": unknown field. Fix: remove it or use one of " + known.stream().sorted().toList());
      }
    }
  }
}
