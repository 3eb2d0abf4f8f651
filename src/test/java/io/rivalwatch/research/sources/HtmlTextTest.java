package io.rivalwatch.research.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HtmlTextTest {

  @Test
  void keepsTheMainContentAsSentencesAndDropsBoilerplate() {
    String html =
        """
        <html><head><title>  Pricing |
          Example  </title><script>var tracking = 1;</script><style>p{color:red}</style></head>
        <body>
          <div class="cookie-banner">We use cookies. <a href="/cookies">Settings</a></div>
          <header><nav><a href="/">Home</a><a href="/pricing">Pricing</a></nav></header>
          <main>
            <div class="breadcrumb">Home / Pricing</div>
            <h1>Plans for every team</h1>
            <p>Start   free.&nbsp;Upgrade
               any time</p>
            <ul><li>Team: $49 per user per month</li><li>Business: $89 per user per month!</li></ul>
            <h2>Questions?</h2>
            <form><input name="q"><button>Search</button></form>
            <p>Read the <a href="/faq#top">FAQ</a> or <a href="https://other.example/x">ask us</a></p>
            <div hidden>secret draft</div>
          </main>
          <aside>Related: our blog</aside>
          <footer>© 2025 Example Inc. <a href="mailto:hi@example.com">Mail</a></footer>
        </body></html>
        """;

    HtmlText page = HtmlText.extract(html, "https://www.example.com/pricing");

    assertThat(page.title()).isEqualTo("Pricing | Example");
    assertThat(page.text())
        .isEqualTo(
            "Plans for every team. Start free. Upgrade any time. Team: $49 per user per month."
                + " Business: $89 per user per month! Questions? Read the FAQ or ask us.");
    assertThat(page.links())
        .containsExactly(
            "https://www.example.com/faq",
            "https://other.example/x",
            "https://www.example.com/cookies",
            "https://www.example.com/",
            "https://www.example.com/pricing");
    assertThat(page.publishedAt()).isNull();
  }

  @Test
  void withoutAMainElementRemovesPageFurnitureByClassAndId() {
    String html =
        """
        <body>
          <div id="top" class="navbar"><a href="/a">A</a></div>
          <div id="gdpr-consent">Cookies everywhere</div>
          <div id="content"><h1>Globex</h1><p>Real content here</p></div>
          <div id="footer">Copyright 2025</div>
          <div class="site-header">Sign in</div>
        </body>
        """;

    HtmlText page = HtmlText.extract(html, "http://site.test/");

    assertThat(page.title()).isEqualTo("Globex");
    assertThat(page.text()).isEqualTo("Globex. Real content here.");
  }

  @Test
  void anArticleKeepsItsOwnHeaderAndDateButLosesSharingAndRelatedLinks() {
    String html =
        """
        <html><head><title>Launch | TechWire</title>
        <meta property="article:published_time" content="2025-09-03T09:30:00Z"></head>
        <body><header class="masthead">TechWire</header>
        <article>
          <header><h1>Acme launches agents</h1><time datetime="2025-09-04">4 Sep</time></header>
          <p>Acme released agents.</p>
          <div class="share-buttons">Share on social</div>
          <div class="newsletter">Subscribe now</div>
        </article>
        <aside class="related">Other news</aside>
        </body></html>
        """;

    HtmlText page = HtmlText.extract(html, "http://news.test/a");

    assertThat(page.text()).isEqualTo("Acme launches agents. 4 Sep. Acme released agents.");
    assertThat(page.publishedAt()).isEqualTo(Instant.parse("2025-09-03T09:30:00Z"));
  }

  @Test
  void titleFallsBackToTheFirstHeadingAndDateToATimeElement() {
    HtmlText page = HtmlText.extract("<h1>Only a heading</h1><time datetime=\"2025-02-21\">then</time>", "http://x.test/");

    assertThat(page.title()).isEqualTo("Only a heading");
    assertThat(page.publishedAt()).isEqualTo(Instant.parse("2025-02-21T00:00:00Z"));
  }

  @Test
  void fragmentsBecomePlainSentences() {
    assertThat(HtmlText.fragmentText("<p>First &amp; best</p><p>Second <b>bold</b> one.</p>"))
        .isEqualTo("First & best. Second bold one.");
    assertThat(HtmlText.plain("Acme &amp; <i>Co</i>")).isEqualTo("Acme & Co");
    assertThat(HtmlText.fragmentLinks("<a href=\"/x#frag\">x</a> <a href=\"ftp://no\">no</a>", "https://h.test/a/"))
        .containsExactly("https://h.test/x");
    assertThat(HtmlText.asSentence("Pricing:")).isEqualTo("Pricing.");
    assertThat(HtmlText.asSentence("He said \"yes.\"")).isEqualTo("He said \"yes.\"");
  }

  @Test
  void linksResolveAgainstTheBaseElementAndTheFragmentIsDropped() {
    HtmlText page = HtmlText.extract("<head><base href=\"https://cdn.example/docs/\"></head><main><p>See "
        + "<a href=\"guide.html#setup\">the guide</a> and <a href=\"/about\">about</a>.</p></main>",
        "https://www.example.com/start");

    assertThat(page.links()).containsExactly("https://cdn.example/docs/guide.html", "https://cdn.example/about");
  }
}
