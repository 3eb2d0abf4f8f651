package io.rivalwatch.research.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rivalwatch.research.FetchException;
import io.rivalwatch.research.FetchedPage;
import io.rivalwatch.research.PageFetcher;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.CompetitorProfile.MastodonSource;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceConnector;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Public posts on Mastodon (chosen by {@code social.mastodon}), read through the instance's REST API:
 *
 * <ul>
 *   <li>an account's own public posts (GET /api/v1/accounts/lookup, then /api/v1/accounts/:id/statuses without
 *       replies and boosts), which needs no token; each later round reads the page older than the oldest post
 *       gathered;
 *   <li>a search of posts (GET /api/v2/search?type=statuses), which Mastodon allows only with an access token:
 *       {@code rivalwatch.research.mastodon.access-token}, sent as {@code Authorization: Bearer} to its own instance
 *       only; round N reads the N-th page of results.
 * </ul>
 *
 * <p>One document per post: its address, the post's text (content warning first), when it was posted, and its
 * boosts, favourites and replies. Only public and unlisted posts are kept, even when a token could see more.
 */
@Component
public class MastodonConnector implements SourceConnector {

  static final int PAGE_SIZE = 40;
  private static final int TITLE_CHARACTERS = 90;
  private static final Set<String> PUBLIC = Set.of("public", "unlisted");

  private final PageFetcher fetcher;
  private final MastodonProperties properties;
  private final ObjectMapper json = new ObjectMapper();

  public MastodonConnector(PageFetcher fetcher, MastodonProperties properties) {
    this.fetcher = fetcher;
    this.properties = properties;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.SOCIAL;
  }

  @Override
  public boolean isConfigured(CompetitorProfile competitor) {
    return competitor.social() != null && competitor.social().mastodon() != null;
  }

  @Override
  public SourceBatch gather(CompetitorProfile competitor, int round, List<SourceDocument> alreadyGathered) {
    if (!isConfigured(competitor) || round < 0) {
      return SourceBatch.empty();
    }
    List<SourceDocument> gathered = alreadyGathered == null ? List.of() : alreadyGathered;
    MastodonSource source = competitor.social().mastodon();
    URI instance = source.instance() != null ? source.instance() : properties.instance();
    String base = stripSlash(instance.toString());
    BatchCollector batch =
        new BatchCollector("Mastodon posts about " + competitor.id(), gathered, EnumSet.of(SourceKind.SOCIAL));
    if (source.account() != null && !source.account().isBlank()) {
      readAccount(base, source.account().strip(), gathered, batch);
    }
    if (source.query() != null && !source.query().isBlank()) {
      if (properties.hasTokenFor(instance)) {
        readSearch(base, source.query().strip(), round, properties.headersFor(instance), batch);
      } else {
        batch.problem(base + ": searching Mastodon posts needs an access token for this instance. Fix: set "
            + "rivalwatch.research.mastodon.access-token (and rivalwatch.research.mastodon.instance to " + base
            + ") in the application's configuration, or configure an account instead of a query");
      }
    }
    return batch.toBatch();
  }

  private void readAccount(String base, String account, List<SourceDocument> gathered, BatchCollector batch) {
    Answer lookup = get(base + "/api/v1/accounts/lookup?acct=" + encode(account), Map.of(), batch);
    if (lookup == null) {
      return;
    }
    JsonNode found = lookup.body();
    String id = found.path("id").asText("");
    String accountUrl = stripSlash(found.path("url").asText(""));
    if (id.isEmpty()) {
      batch.problem(base + ": no Mastodon account " + account);
      return;
    }
    String statuses = base + "/api/v1/accounts/" + encode(id) + "/statuses?limit=" + PAGE_SIZE
        + "&exclude_replies=true&exclude_reblogs=true";
    // the next page is the one older than the oldest post gathered; nothing gathered yet means the first page
    String oldest = oldestPostId(gathered, accountUrl);
    Answer posts = get(oldest == null ? statuses : statuses + "&max_id=" + oldest, Map.of(), batch);
    if (posts != null) {
      addPosts(posts.body(), posts.fetchedAt(), batch);
    }
  }

  private void readSearch(String base, String query, int round, Map<String, String> auth, BatchCollector batch) {
    Answer result = get(base + "/api/v2/search?type=statuses&q=" + encode(query) + "&limit=" + PAGE_SIZE
        + "&offset=" + round * PAGE_SIZE, auth, batch);
    if (result != null) {
      addPosts(result.body().path("statuses"), result.fetchedAt(), batch);
    }
  }

  private Answer get(String url, Map<String, String> headers, BatchCollector batch) {
    FetchedPage page;
    try {
      page = fetcher.fetch(URI.create(url), PageFetcher.JSON, headers);
    } catch (FetchException e) {
      batch.failed(e);
      if (!headers.isEmpty() && (e.reason().equals("HTTP 401") || e.reason().equals("HTTP 403"))) {
        batch.problem(url + ": the instance refused the access token. Fix: check that "
            + "rivalwatch.research.mastodon.access-token is valid and has the read:search scope");
      }
      return null;
    } catch (IllegalArgumentException e) {
      batch.problem(url + ": malformed URL");
      return null;
    }
    try {
      return new Answer(json.readTree(page.body()), page.fetchedAt());
    } catch (JsonProcessingException e) {
      batch.problem(url + ": not a Mastodon API answer");
      return null;
    }
  }

  private void addPosts(JsonNode posts, Instant fetchedAt, BatchCollector batch) {
    for (JsonNode post : posts) {
      JsonNode status = post.path("reblog").isObject() ? post.path("reblog") : post;
      if (!PUBLIC.contains(status.path("visibility").asText("public"))) {
        continue;
      }
      SourceDocument document = toDocument(status, fetchedAt);
      if (document != null) {
        batch.add(document);
      }
    }
  }

  private static SourceDocument toDocument(JsonNode status, Instant fetchedAt) {
    String url = Urls.normalise(status.path("url").asText(null));
    if (url == null) {
      url = Urls.normalise(status.path("uri").asText(null));
    }
    if (url == null) {
      return null;
    }
    String acct = status.path("account").path("acct").asText("");
    String warning = HtmlText.plain(status.path("spoiler_text").asText(""));
    String contentHtml = status.path("content").asText("");
    HtmlText.Fragment fragment = HtmlText.fragment(contentHtml);
    String content = fragment.text();
    StringBuilder text = new StringBuilder();
    if (!warning.isEmpty()) {
      text.append(HtmlText.asSentence(warning)).append(' ');
    }
    text.append(content)
        .append(" (")
        .append(status.path("reblogs_count").asInt(0)).append(" boosts, ")
        .append(status.path("favourites_count").asInt(0)).append(" favourites, ")
        .append(status.path("replies_count").asInt(0)).append(" replies)");
    String summary = warning.isEmpty() ? content : warning;
    String title = (acct.isEmpty() ? "Mastodon post" : "@" + acct) + ": "
        + (summary.length() <= TITLE_CHARACTERS ? summary : summary.substring(0, TITLE_CHARACTERS).strip() + "...");

    List<String> links = new ArrayList<>();
    links.add(url);
    links.addAll(HtmlText.fragmentLinks(contentHtml, url));
    String card = Urls.normalise(status.path("card").path("url").asText(null));
    if (card != null) {
      links.add(card);
    }
    return Documents.create(
        url,
        title,
        SourceKind.SOCIAL,
        fetchedAt,
        Dates.parse(status.path("created_at").asText(null)),
        text.toString().strip(),
        List.copyOf(new LinkedHashSet<>(links)),
        fragment.blocksAddressedToModels());
  }

  /** The smallest post id among gathered posts of the account (whose addresses are its address, '/', the id). */
  static String oldestPostId(List<SourceDocument> gathered, String accountUrl) {
    if (accountUrl.isEmpty()) {
      return null;
    }
    String prefix = Urls.key(accountUrl) + "/";
    BigInteger oldest = null;
    for (SourceDocument document : gathered) {
      String key = Urls.key(document.url());
      if (document.kind() == SourceKind.SOCIAL && key.startsWith(prefix)) {
        String id = key.substring(prefix.length());
        if (id.matches("\\d{1,30}")) {
          BigInteger value = new BigInteger(id);
          oldest = oldest == null || value.compareTo(oldest) < 0 ? value : oldest;
        }
      }
    }
    return oldest == null ? null : oldest.toString();
  }

  private record Answer(JsonNode body, Instant fetchedAt) {}

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String stripSlash(String url) {
    String stripped = url.strip();
    while (stripped.endsWith("/")) {
      stripped = stripped.substring(0, stripped.length() - 1);
    }
    return stripped;
  }
}
