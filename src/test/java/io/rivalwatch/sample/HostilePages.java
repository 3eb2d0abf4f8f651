package io.rivalwatch.sample;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Pages of the sample web that are hostile to a reader, made here because they cannot live in a text file or are
 * too big for one; Mallory Systems' other pages (a page and a feed full of prompt injections) are files under
 * {@code sample-web/hostile}. Each path is a page of Mallory's site, linked from its home page.
 */
public final class HostilePages {

  /** Over the default 2 MB response cap. */
  public static final String HUGE = "/hostile/huge.html";
  /** 1.5 MB of tags nested and left open, the worst case for an HTML parser's tree building. */
  public static final String NESTED = "/hostile/nested.html";
  /** Random bytes labelled text/html. */
  public static final String BINARY = "/hostile/binary.html";
  /** A 200 with nothing in it. */
  public static final String EMPTY = "/hostile/empty.html";
  /** Broken markup: stray and unclosed tags, an unterminated comment and attribute, a NUL-free control soup. */
  public static final String MALFORMED = "/hostile/malformed.html";
  /** windows-1252 bytes, declared only by a meta element. */
  public static final String LATIN1 = "/hostile/latin1.html";
  /** UTF-16LE with a byte-order mark, no charset in the header. */
  public static final String UTF16 = "/hostile/utf16.html";
  /** A charset in the header that does not exist, over a UTF-8 body. */
  public static final String BAD_CHARSET = "/hostile/bad-charset.html";

  static final String LATIN1_TEXT =
      "Mallory Systems GmbH: Büro in Köln, Straße 12. Preise ab 1.200 € pro Monat – für Händler mit 50 bis 500 Filialen.";
  static final String UTF16_TEXT = "Mallory Systems press kit: logos, photos and the founders’ biographies. Ça marche.";

  private HostilePages() {}

  static void serve(WireMockServer server) {
    String paragraph = "<p>Mallory Systems catalogue entry: a connector for a retail system, priced per month.</p>\n";
    html(server, HUGE, ("<html><body><main>" + paragraph.repeat(2_600_000 / paragraph.length()) + "</main></body></html>")
        .getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    html(server, NESTED, ("<html><head><title>Mallory integrations</title></head><body><main>"
        + "<p>Mallory Systems integrates with forty retail systems.</p>"
        + "<div><b><i><a href=\"/hostile/x\"><table><tr><td>".repeat(1_500_000 / 52))
        .getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    byte[] noise = new byte[64 * 1024];
    new Random(7).nextBytes(noise);
    html(server, BINARY, noise, "text/html");
    html(server, EMPTY, new byte[0], "text/html; charset=utf-8");
    html(server, MALFORMED, """
        <html><head><title>Mallory product</title><body></div></span>
        <main><h1>Mallory pipelines<h2>for retail</h3>
        <p>Mallory Systems moves point-of-sale data into the warehouse every fifteen minutes.
        <p><b><i>Unclosed formatting</b></i> and <a href="/hostile/a" title="never closed>a link</a>
        <table><td>cell without a row<td>another</table></table></table>
        <p>Stray \u0001\u0002\u0007 control characters and a & lone ampersand &amp;&amp; &#xD800; bad reference.
        <!-- an unterminated comment that swallows the rest
        <p>hidden after the comment</p>
        """.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    html(server, LATIN1, ("<html><head><meta charset=\"windows-1252\"><title>Über Mallory</title></head><body><main><p>"
        + LATIN1_TEXT + "</p></main></body></html>").getBytes(Charset.forName("windows-1252")), "text/html");
    byte[] utf16 = ("<html><head><title>Mallory press kit</title></head><body><main><p>" + UTF16_TEXT
        + "</p></main></body></html>").getBytes(StandardCharsets.UTF_16LE);
    byte[] withBom = new byte[utf16.length + 2];
    withBom[0] = (byte) 0xFF;
    withBom[1] = (byte) 0xFE;
    System.arraycopy(utf16, 0, withBom, 2, utf16.length);
    html(server, UTF16, withBom, "text/html");
    html(server, BAD_CHARSET, "<html><body><main><p>Mallory status: all systems operational. Café open.</p></main></body></html>"
        .getBytes(StandardCharsets.UTF_8), "text/html; charset=x-klingon-42");
  }

  private static void html(WireMockServer server, String path, byte[] body, String contentType) {
    server.stubFor(get(urlPathEqualTo(path))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(body)));
  }
}
