package io.rivalwatch.trends;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.artefact.ArtefactKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trend dashboard of a watch list, drawn from three seeded nights (the browser test opens the same page). */
class TrendDashboardTest {

  @TempDir
  Path directory;

  @Test
  void eachNightKeepsWhatItsRunSawAgainstTheNightBefore() {
    ThreeNights seeded = new ThreeNights(directory).seed();
    List<Night> nights = seeded.nights.nights(ThreeNights.LIST);
    assertThat(nights).extracting(Night::runId).containsExactlyElementsOf(ThreeNights.RUNS);
    assertThat(nights).extracting(Night::status).containsExactly("delivered", "rejected", "delivered");
    assertThat(nights).extracting(Night::reportRevision).containsExactly(1, 1, 1);
    Night.CompetitorNight first = nights.get(0).competitors().get(0);
    Night.CompetitorNight second = nights.get(1).competitors().get(0);
    Night.CompetitorNight third = nights.get(2).competitors().get(0);
    assertThat(first.sentiment()).isEqualTo(0.20);
    assertThat(second.sentiment()).isEqualTo(-0.35);
    // the list's first night: every document is new
    assertThat(first.documents()).isEqualTo(new Night.DocumentCounts(3, 0, 0, 0, null));
    // pricing text changed, a post appeared; home and careers unchanged
    assertThat(second.documents()).isEqualTo(new Night.DocumentCounts(1, 1, 2, 0, "night-1"));
    // careers page and night 2's post gone, a new post
    assertThat(third.documents()).isEqualTo(new Night.DocumentCounts(1, 0, 2, 2, "night-2"));
    assertThat(second.pricePoints()).containsExactly("$59 per user per month", "$89 per user per month");
    assertThat(second.signals()).containsEntry("pricing-change", 3).containsEntry("partnership", 2).hasSize(2);
    // 3000 input tokens at $3 and 500 output tokens at $15 per million
    assertThat(second.costUsd()).isCloseTo(0.0165, org.assertj.core.data.Offset.offset(1e-9));
    // two competitors' calls and the report's
    assertThat(nights.get(1).costUsd()).isCloseTo(2 * 0.0165 + 0.027, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(seeded.published).allMatch(p -> p.startsWith("trend dashboard of watch list sample-list"));
  }

  @Test
  void everyChartHasAMarkForEachNightLinkedToItsReport() throws Exception {
    ThreeNights seeded = new ThreeNights(directory).seed();
    Document page = Jsoup.parse(seeded.pageText());
    List<Element> competitors = page.select("section.competitor");
    assertThat(competitors).hasSize(2);
    for (Element competitor : competitors) {
      assertThat(competitor.select("figure.chart").eachAttr("data-chart"))
          .containsExactly("sentiment", "prices", "signals", "documents", "cost");
      for (Element chart : competitor.select("figure.chart")) {
        Set<String> nights = chart.select(".mark").eachAttr("data-night").stream().collect(Collectors.toSet());
        assertThat(nights).as(chart.attr("data-chart")).containsExactlyInAnyOrderElementsOf(ThreeNights.RUNS);
        for (Element link : chart.select("a[href]")) {
          Path target = seeded.page().getParent().resolve(link.attr("href")).normalize();
          assertThat(target).as(link.attr("href")).exists();
          assertThat(target.getFileName().toString()).isEqualTo("report-r1.html");
        }
      }
    }
    Element acme = competitors.get(0);
    assertThat(acme.select("figure[data-chart=sentiment] circle.mark")).hasSize(3);
    assertThat(acme.select("figure[data-chart=sentiment] circle.mark.undelivered").eachAttr("data-night"))
        .containsExactly("night-2");
    // $59 new on night 2, $99 and the hostile one new on night 3; $49 dropped on night 2, $89 on night 3
    assertThat(acme.select("figure[data-chart=prices] .mark.added")).hasSize(3);
    assertThat(acme.select("figure[data-chart=prices] .mark.dropped")).hasSize(2);
    assertThat(acme.select("figure[data-chart=documents] rect.mark")).hasSize(9);
    // the first night compared with nothing: drawn flat, so its documents do not dwarf the later nights
    assertThat(acme.select("figure[data-chart=documents] rect.mark[data-night=night-1]").eachAttr("height"))
        .containsOnly("1.5");
    assertThat(acme.select("figure[data-chart=documents] rect.mark[data-night=night-1] title").text())
        .contains("first night, nothing to compare with (3 documents read)");
    assertThat(acme.select("figure[data-chart=signals] rect.mark")).hasSize(2 + 2 + 3);
    assertThat(page.select("#nights figure[data-chart=run-cost] rect.mark")).hasSize(3);
  }

  @Test
  void textFromPagesAndModelsIsNeverMarkupAndThePageNeedsNothingButItsOwnStyle() throws Exception {
    ThreeNights seeded = new ThreeNights(directory).seed();
    String html = seeded.pageText();
    Document page = Jsoup.parse(html);
    assertThat(page.select("script")).isEmpty();
    assertThat(page.select("img")).isEmpty();
    assertThat(page.select("b")).isEmpty();
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("&lt;img src=x onerror=alert(1)&gt;").contains("Globex &lt;b&gt;Data&lt;/b&gt; &amp; Co&#39;s");
    assertThat(page.getAllElements().stream().flatMap(e -> e.attributes().asList().stream())
        .filter(a -> a.getKey().startsWith("on") || a.getKey().equals("style"))).isEmpty();
    for (Element link : page.select("a[href]")) {
      assertThat(link.attr("href")).doesNotContain(":").doesNotStartWith("/");
    }
    String policy = page.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content");
    assertThat(policy).startsWith("default-src 'none'; style-src 'sha256-");
    Matcher hash = Pattern.compile("'sha256-([^']+)'").matcher(policy);
    assertThat(hash.find()).isTrue();
    String style = page.selectFirst("style").data();
    assertThat(hash.group(1)).isEqualTo(Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(style.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void theIndexLinksTheListsPageAndARepeatedEndChangesNoNight() throws Exception {
    ThreeNights seeded = new ThreeNights(directory).seed();
    Night before = seeded.nights.stored(ThreeNights.LIST, "night-2").orElseThrow();
    seeded.dashboard.publish("night-2", "failed", before.endedAt().plusSeconds(60));
    assertThat(seeded.nights.stored(ThreeNights.LIST, "night-2")).contains(before);
    assertThat(seeded.nights.nights(ThreeNights.LIST)).hasSize(3);
    Path index = seeded.runs.store().root().resolve(ArtefactKeys.dashboardIndex().path());
    Element link = Jsoup.parse(Files.readString(index)).selectFirst("a[href=../sample-list/index.html]");
    assertThat(link).isNotNull();
    assertThat(index.getParent().resolve(link.attr("href")).normalize()).isEqualTo(seeded.page());
  }

  @Test
  void aRunThatWasNeverPlannedIsOnNoDashboard() {
    ThreeNights seeded = new ThreeNights(directory);
    assertThat(seeded.dashboard.publish("never-planned", "failed", java.time.Instant.now()))
        .contains("not planned from a watch list");
    assertThat(seeded.page()).doesNotExist();
  }
}
