package io.rivalwatch.planning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rivalwatch.planning.CompetitorProfile.MarketEndpoint;
import io.rivalwatch.planning.CompetitorProfile.MarketSources;
import io.rivalwatch.planning.CompetitorProfile.MastodonSource;
import io.rivalwatch.planning.CompetitorProfile.NewsSources;
import io.rivalwatch.planning.CompetitorProfile.SocialSources;
import io.rivalwatch.planning.CompetitorProfile.WebsiteSources;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
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
  private static final Set<String> TOP_FIELDS = Set.of("settings", "competitors", "schedule");
  private static final Set<String> SCHEDULE_FIELDS = Set.of("cron", "timeZone", "onOverlap");
  private static final String SCHEDULE_EXAMPLE = "{ cron: \"0 0 2 * * *\", timeZone: Europe/Berlin, onOverlap: wait }";
  private static final Set<String> SETTINGS_FIELDS =
      Set.of("extraResearchRounds", "minUsableDocuments", "reportAttempts", "maxSectionWords", "emailRecipients",
          "minCompleteShare", "refresh", "review", "budgetUsd");
  private static final Set<String> REVIEW_FIELDS =
      Set.of("dueAfter", "remindBefore", "reviewers", "escalateAfter", "escalationAddress", "onEscalation");
  private static final Duration SHORTEST_WAIT = Duration.ofMinutes(1);
  private static final Duration LONGEST_WAIT = Duration.ofDays(90);
  private static final Set<String> SOURCE_TYPES = Set.of("website", "news", "social", "market");
  private static final Set<String> COMPETITOR_FIELDS = Set.of("id", "name", "website", "news", "social", "market");
  /** A Mastodon account: "acme" or "acme@instance.example", optionally with a leading '@'. */
  private static final Pattern MASTODON_ACCOUNT = Pattern.compile("@?[A-Za-z0-9_]{1,30}(@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})?");
  /** Field names that would carry a secret: secrets come from the application's configuration only. */
  private static final Pattern SECRET_FIELD = Pattern.compile("(?i).*(token|secret|password|apikey|api-key|api_key).*");

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  public RunConfiguration parse(String source, String text) {
    JsonNode root;
    try {
      root = yaml.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigurationException(
          source,
          // line and column only: the parser's own message quotes the text around the error, and this message is
          // kept in the run record
          List.of("the file is not valid YAML (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + "). Fix: correct the YAML syntax there"));
    }
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new InvalidConfigurationException(
          source, List.of("the file is empty or not a mapping. Fix: start it with 'settings:' and 'competitors:'"));
    }
    unknownFields(root, "", TOP_FIELDS, problems);
    RunSettings settings = settings(root.get("settings"), problems);
    List<CompetitorProfile> competitors = competitors(root.get("competitors"), problems);
    // checked with the rest, so a run of a list whose schedule is wrong names it too; the dispatcher reads it alone
    schedule(root.get("schedule"), problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(source, problems);
    }
    return new RunConfiguration(settings, competitors);
  }

  /**
   * The watch list's schedule alone (the other sections are checked when a run plans): what the schedule dispatcher
   * needs to know when the list is due, without resolving placeholders or reading competitors.
   *
   * @return empty when the list has no schedule (it runs only when started by hand)
   * @throws InvalidConfigurationException when the file is no YAML mapping or the schedule is wrong
   */
  public java.util.Optional<WatchSchedule> parseSchedule(String source, String text) {
    JsonNode root;
    try {
      root = yaml.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigurationException(source, List.of("the file is not valid YAML (line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "). Fix: correct the YAML "
          + "syntax there"));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidConfigurationException(
          source, List.of("the file is empty or not a mapping. Fix: start it with 'settings:' and 'competitors:'"));
    }
    List<String> problems = new ArrayList<>();
    WatchSchedule schedule = schedule(root.get("schedule"), problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(source, problems);
    }
    return java.util.Optional.ofNullable(schedule);
  }

  /** schedule: when the list runs by itself; null when absent (or wrong: then with the problems added). */
  private WatchSchedule schedule(JsonNode node, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!mapping(node, "schedule", SCHEDULE_EXAMPLE, problems)) {
      return null;
    }
    int before = problems.size();
    unknownFields(node, "schedule", SCHEDULE_FIELDS, problems);
    String cron = text(node, "cron");
    if (cron == null) {
      problems.add("schedule.cron: missing. Fix: add when the list runs as a six-field cron expression (second "
          + "minute hour day-of-month month day-of-week), e.g. \"0 0 2 * * *\" for 02:00 every day, or remove "
          + "schedule: to run the list only when started by hand");
    } else {
      cronProblem(cron).ifPresent(problems::add);
    }
    java.time.ZoneId zone = java.time.ZoneOffset.UTC;
    String zoneText = text(node, "timeZone");
    if (zoneText != null) {
      try {
        zone = java.time.ZoneId.of(zoneText);
      } catch (java.time.DateTimeException e) {
        problems.add("schedule.timeZone: " + WatchLists.shown(zoneText) + " is not a time zone. Fix: write a region "
            + "of the IANA time zone database, e.g. Europe/Berlin, America/New_York or UTC (the default)");
      }
    }
    WatchSchedule.OnOverlap onOverlap = WatchSchedule.OnOverlap.WAIT;
    String overlapText = text(node, "onOverlap");
    if (overlapText != null) {
      var parsed = WatchSchedule.OnOverlap.of(overlapText);
      if (parsed.isEmpty()) {
        problems.add("schedule.onOverlap: " + WatchLists.shown(overlapText) + " is not a choice. Fix: write wait "
            + "(a due run starts as soon as the list's previous run has ended; the default) or skip (a due run is "
            + "left out while the previous run has not ended, and the list runs at its next time)");
      } else {
        onOverlap = parsed.get();
      }
    }
    return problems.size() > before ? null : new WatchSchedule(cron, zone, onOverlap);
  }

  /** Why a cron expression cannot schedule a watch list, if it cannot. */
  private static java.util.Optional<String> cronProblem(String cron) {
    String fix = " Fix: write six fields, second minute hour day-of-month month day-of-week, e.g. \"0 0 2 * * *\" "
        + "for 02:00 every day or \"0 30 6 * * MON-FRI\" for 06:30 on weekdays (a five-field Unix cron needs a "
        + "leading \"0 \" for the seconds)";
    try {
      org.springframework.scheduling.support.CronExpression.parse(cron);
    } catch (IllegalArgumentException e) {
      String reason = e.getMessage() == null ? "" : " (" + WatchLists.shown(e.getMessage()).replace("'", "") + ")";
      return java.util.Optional.of("schedule.cron: " + WatchLists.shown(cron) + " is not a cron expression" + reason
          + "." + fix);
    }
    String seconds = cron.strip().split("\\s+")[0];
    // the macros (@daily, @hourly...) all fire at second 0
    if (!cron.strip().startsWith("@") && !seconds.matches("\\d{1,2}")) {
      return java.util.Optional.of("schedule.cron: " + WatchLists.shown(cron) + " runs more often than once a minute "
          + "(its seconds field is " + WatchLists.shown(seconds) + "). Fix: give the seconds one value, e.g. \"0 */15 * "
          + "* * *\" for every 15 minutes");
    }
    return java.util.Optional.empty();
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
    Double budget = null;
    JsonNode budgetNode = node.get("budgetUsd");
    if (budgetNode != null && !budgetNode.isNull()) {
      if (!budgetNode.isNumber() || !(budgetNode.asDouble() > 0) || Double.isInfinite(budgetNode.asDouble())) {
        problems.add("settings.budgetUsd: '" + budgetNode.asText() + "' is not an amount of US dollars above 0. "
            + "Fix: write what one run may spend on language models, e.g. 2.50, or leave budgetUsd out to use the "
            + "application's rivalwatch.cost.run-budget-usd");
      } else {
        budget = budgetNode.asDouble();
      }
    }
    ReviewTiming review = review(node.get("review"), problems);
    return new RunSettings(extraRounds, minDocuments, attempts, maxWords, recipients, share, fullRefresh, budget,
        review);
  }

  /**
   * settings.review: the review's due date, reminder and escalation. Escalation is on as soon as any of its fields is
   * given, and then needs the address to tell.
   */
  private ReviewTiming review(JsonNode node, List<String> problems) {
    if (node == null || node.isNull()) {
      return ReviewTiming.defaults();
    }
    if (!mapping(node, "settings.review", "{ dueAfter: PT24H, remindBefore: PT4H, reviewers: [...] }", problems)) {
      return ReviewTiming.defaults();
    }
    unknownFields(node, "settings.review", REVIEW_FIELDS, problems);
    Duration due = duration(node, "dueAfter", ReviewTiming.DEFAULT_DUE_AFTER, problems);
    Duration remind = duration(node, "remindBefore", ReviewTiming.DEFAULT_REMIND_BEFORE, problems);
    if (due != null && remind != null && remind.compareTo(due) >= 0) {
      problems.add("settings.review.remindBefore: " + remind + " is not before the due date (dueAfter " + due
          + "). Fix: make remindBefore shorter than dueAfter, e.g. PT4H with PT24H");
    }
    List<String> reviewers = addresses(node.get("reviewers"), "settings.review.reviewers", problems);
    boolean escalates = node.has("escalateAfter") || node.has("escalationAddress") || node.has("onEscalation");
    Duration escalate = null;
    String address = null;
    String policy = null;
    if (escalates) {
      escalate = duration(node, "escalateAfter", ReviewTiming.DEFAULT_ESCALATE_AFTER, problems);
      if (escalate != null && due != null && escalate.compareTo(due) < 0) {
        problems.add("settings.review.escalateAfter: " + escalate + " is before the due date (dueAfter " + due
            + "). Fix: escalate at or after the due date, e.g. PT48H with PT24H");
      }
      address = text(node, "escalationAddress");
      if (address == null) {
        problems.add("settings.review.escalationAddress: missing, and escalation is on (escalateAfter or "
            + "onEscalation is set). Fix: add the e-mail address to tell, e.g. head-of-analysis@example.com, or "
            + "remove escalateAfter and onEscalation to turn escalation off");
      } else if (!EMAIL.matcher(address).matches()) {
        problems.add("settings.review.escalationAddress: '" + address + "' is not an e-mail address. Fix: write it "
            + "as name@domain");
        address = null;
      }
      policy = text(node, "onEscalation");
      if (policy == null) {
        policy = ReviewTiming.KEEP_WAITING;
      } else if (!Set.of(ReviewTiming.KEEP_WAITING, ReviewTiming.PUBLISH_INTERNALLY).contains(policy)) {
        problems.add("settings.review.onEscalation: '" + policy + "' is not a policy. Fix: write "
            + ReviewTiming.KEEP_WAITING + " (the review opens again; the default) or " + ReviewTiming.PUBLISH_INTERNALLY
            + " (the report goes to the dashboard only, marked not reviewed)");
        policy = ReviewTiming.KEEP_WAITING;
      }
    }
    return new ReviewTiming(due, remind, reviewers, escalate, address, policy);
  }

  /** An ISO-8601 duration from one minute to 90 days, or the fallback when absent; null (and a problem) when bad. */
  private static Duration duration(JsonNode node, String field, Duration fallback, List<String> problems) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    String path = "settings.review." + field;
    Duration parsed;
    try {
      parsed = Duration.parse(value.asText().strip());
    } catch (DateTimeParseException e) {
      problems.add(path + ": '" + value.asText() + "' is not an ISO-8601 duration. Fix: write e.g. PT24H (24 hours), "
          + "PT30M (30 minutes) or P2D (2 days); default " + fallback);
      return null;
    }
    if (parsed.compareTo(SHORTEST_WAIT) < 0 || parsed.compareTo(LONGEST_WAIT) > 0) {
      problems.add(path + ": " + parsed + " is outside one minute to 90 days. Fix: write a duration in that range "
          + "(default " + fallback + ")");
      return null;
    }
    return parsed;
  }

  /** A list of e-mail addresses (absent: none). */
  private static List<String> addresses(JsonNode list, String path, List<String> problems) {
    List<String> addresses = new ArrayList<>();
    if (list == null || list.isNull()) {
      return addresses;
    }
    if (!list.isArray()) {
      problems.add(path + ": must be a list. Fix: write [someone@example.com, ...]");
      return addresses;
    }
    for (int i = 0; i < list.size(); i++) {
      String address = list.get(i).asText("");
      if (!EMAIL.matcher(address).matches()) {
        problems.add(path + "[" + i + "]: '" + address + "' is not an e-mail address. Fix: write it as name@domain");
      } else {
        addresses.add(address);
      }
    }
    return addresses;
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
      // this entry's problems also name the competitor, so that the entry is found without counting
      List<String> own = new ArrayList<>();
      for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
        String field = names.next();
        if (!COMPETITOR_FIELDS.contains(field)) {
          own.add(path + "." + field + ": unknown source type or field. Fix: remove it or use one of the source "
              + "types " + SOURCE_TYPES.stream().sorted().toList() + " (besides id and name)");
        }
      }
      String id = text(entry, "id");
      if (id == null) {
        own.add(path + ".id: missing. Fix: add a short lower-case id such as 'acme'");
      } else if (!ID.matcher(id).matches()) {
        own.add(path + ".id: '" + id + "' is not allowed. Fix: use lower-case letters, digits and '-', e.g. 'acme-corp'");
      } else if (!ids.add(id)) {
        own.add(path + ".id: '" + id + "' is used by an earlier competitor. Fix: give each competitor its own id");
      }
      String name = text(entry, "name");
      if (name == null) {
        own.add(path + ".name: missing. Fix: add the company's name as it should appear in the report");
      }
      WebsiteSources website = website(entry.get("website"), path + ".website", own);
      NewsSources news = news(entry.get("news"), path + ".news", own);
      SocialSources social = social(entry.get("social"), path + ".social", own);
      MarketSources market = market(entry.get("market"), path + ".market", own);
      if (website == null && news == null && social == null && market == null && own.isEmpty()) {
        own.add(path + ": no sources. Fix: configure at least one of website, news, social, market");
      }
      String label = label(id, name);
      for (String problem : own) {
        problems.add(label == null ? problem : withLabel(problem, label));
      }
      result.add(new CompetitorProfile(id, name, website, news, social, market));
    }
    return result;
  }

  /** How a problem names its competitor besides the index: by id, else by name. */
  private static String label(String id, String name) {
    if (id != null) {
      return "competitor '" + id + "'";
    }
    return name == null ? null : "competitor named '" + name + "'";
  }

  /** "competitors[0].name: missing..." becomes "competitors[0].name (competitor 'acme'): missing...". */
  private static String withLabel(String problem, String label) {
    int colon = problem.indexOf(": ");
    return colon < 0 ? problem + " (" + label + ")"
        : problem.substring(0, colon) + " (" + label + ")" + problem.substring(colon);
  }

  private WebsiteSources website(JsonNode node, String path, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!mapping(node, path, "pages: [...] and/or sitemaps: [...]", problems)) {
      return null;
    }
    unknownFields(node, path, Set.of("pages", "sitemaps"), problems);
    if (!node.has("pages") && !node.has("sitemaps")) {
      problems.add(path + ": no pages and no sitemaps. Fix: add pages: [\"https://...\"] or sitemaps: "
          + "[\"https://.../sitemap.xml\"]");
      return null;
    }
    List<URI> pages = node.has("pages") ? urls(node.get("pages"), path + ".pages", problems) : List.of();
    List<URI> sitemaps = node.has("sitemaps") ? urls(node.get("sitemaps"), path + ".sitemaps", problems) : List.of();
    return pages.isEmpty() && sitemaps.isEmpty() ? null : new WebsiteSources(pages, sitemaps);
  }

  private NewsSources news(JsonNode node, String path, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!mapping(node, path, "feeds: [\"https://...\"]", problems)) {
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
    if (!mapping(node, path, "hackerNewsQuery: ... and/or mastodon: {...}", problems)) {
      return null;
    }
    unknownFields(node, path, Set.of("hackerNewsQuery", "mastodon"), problems);
    String query = text(node, "hackerNewsQuery");
    if (node.has("hackerNewsQuery") && query == null) {
      problems.add(path + ".hackerNewsQuery: empty. Fix: give the words to search for, usually the company name");
    }
    MastodonSource mastodon = mastodon(node.get("mastodon"), path + ".mastodon", problems);
    if (!node.has("hackerNewsQuery") && !node.has("mastodon")) {
      problems.add(path + ": no social source. Fix: add hackerNewsQuery: \"<company name>\" and/or mastodon: "
          + "{ account: <account> }");
      return null;
    }
    return query == null && mastodon == null ? null : new SocialSources(query, mastodon);
  }

  private MastodonSource mastodon(JsonNode node, String path, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!mapping(node, path, "{ instance: https://mastodon.social, account: acme }", problems)) {
      return null;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (SECRET_FIELD.matcher(field).matches()) {
        problems.add(path + "." + field + ": a secret does not belong in the run configuration. Fix: remove it and "
            + "set rivalwatch.research.mastodon.access-token in the application's configuration (environment "
            + "variable RIVALWATCH_RESEARCH_MASTODON_ACCESSTOKEN)");
      } else if (!Set.of("instance", "account", "query").contains(field)) {
        problems.add(path + "." + field + ": unknown field. Fix: remove it or use one of [account, instance, query]");
      }
    }
    URI instance = null;
    String instanceText = text(node, "instance");
    if (instanceText != null) {
      instance = absoluteHttpUri(instanceText);
      if (instance == null) {
        problems.add(path + ".instance: '" + instanceText + "' is not an absolute http(s) URL. Fix: write the "
            + "instance's address, e.g. https://mastodon.social");
      }
    }
    String account = text(node, "account");
    if (account != null && !MASTODON_ACCOUNT.matcher(account).matches()) {
      problems.add(path + ".account: '" + account + "' is not a Mastodon account. Fix: write the user name, e.g. "
          + "acme or acme@mastodon.social");
      account = null;
    }
    String query = text(node, "query");
    if (!node.has("account") && !node.has("query")) {
      problems.add(path + ": neither account nor query. Fix: add account: <user name> (public posts) and/or "
          + "query: \"<words>\" (a search, which needs the access token)");
    }
    if (account == null && query == null) {
      return null;
    }
    return new MastodonSource(instance, account == null ? null : account.replaceFirst("^@", ""), query);
  }

  private MarketSources market(JsonNode node, String path, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!mapping(node, path, "secCik: \"0000320193\" and/or endpoints: [...]", problems)) {
      return null;
    }
    unknownFields(node, path, Set.of("secCik", "endpoints"), problems);
    String cik = null;
    if (node.has("secCik")) {
      cik = text(node, "secCik");
      if (cik == null || !CIK.matcher(cik).matches()) {
        problems.add(path + ".secCik: '" + cik + "' is not a 10-digit SEC CIK. Fix: quote it and pad with zeros, "
            + "e.g. \"0000320193\"");
        cik = null;
      }
    }
    List<MarketEndpoint> endpoints = new ArrayList<>();
    JsonNode list = node.get("endpoints");
    if (list != null) {
      if (!list.isArray() || list.isEmpty()) {
        problems.add(path + ".endpoints: must be a non-empty list. Fix: write - { url: ..., format: csv, value: ... }"
            + " entries");
      } else {
        for (int i = 0; i < list.size(); i++) {
          MarketEndpoint endpoint = endpoint(list.get(i), path + ".endpoints[" + i + "]", problems);
          if (endpoint != null) {
            endpoints.add(endpoint);
          }
        }
      }
    }
    if (!node.has("secCik") && list == null) {
      problems.add(path + ": no market source. Fix: add secCik: \"<10 digits>\" and/or endpoints: [...]");
    }
    return cik == null && endpoints.isEmpty() ? null : new MarketSources(cik, endpoints);
  }

  private MarketEndpoint endpoint(JsonNode node, String path, List<String> problems) {
    if (!mapping(node, path, "{ url: https://..., format: csv, date: date, value: close }", problems)) {
      return null;
    }
    int before = problems.size();
    unknownFields(node, path, Set.of("name", "url", "format", "records", "title", "date", "value"), problems);
    String urlText = text(node, "url");
    URI url = urlText == null ? null : absoluteHttpUri(urlText);
    if (url == null) {
      problems.add(path + ".url: '" + urlText + "' is not an absolute http(s) URL. Fix: write the endpoint's full "
          + "address, e.g. https://data.example.com/acme/prices.csv");
    }
    String format = text(node, "format");
    if (format == null || !Set.of(MarketEndpoint.CSV, MarketEndpoint.JSON).contains(format.toLowerCase(java.util.Locale.ROOT))) {
      problems.add(path + ".format: '" + format + "' is not a known format. Fix: write csv or json");
      format = null;
    } else {
      format = format.toLowerCase(java.util.Locale.ROOT);
    }
    String records = text(node, "records");
    if (records != null && !MarketEndpoint.JSON.equals(format)) {
      problems.add(path + ".records: only JSON endpoints have a records pointer. Fix: remove it, or set format: json");
    } else if (records != null && !records.startsWith("/")) {
      problems.add(path + ".records: '" + records + "' is not a JSON pointer. Fix: write it like /data/prices");
    }
    String value = text(node, "value");
    if (value == null) {
      problems.add(path + ".value: missing. Fix: name the column (CSV) or JSON pointer (JSON) holding the value");
    }
    if (problems.size() > before) {
      return null;
    }
    return new MarketEndpoint(text(node, "name"), url, format, records, text(node, "title"), text(node, "date"), value);
  }

  private static boolean mapping(JsonNode node, String path, String example, List<String> problems) {
    if (node.isObject()) {
      return true;
    }
    problems.add(path + ": must be a mapping. Fix: write it as " + example);
    return false;
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
