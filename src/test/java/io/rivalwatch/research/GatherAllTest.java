package io.rivalwatch.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.planning.CompetitorProfile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several connectors of one kind make one batch, with the connector contract kept for the whole. */
class GatherAllTest {

  private static final CompetitorProfile ACME =
      new CompetitorProfile("acme", "Acme", null, null, new CompetitorProfile.SocialSources("Acme"), null);

  private static SourceDocument post(String url) {
    return new SourceDocument(url, "post", SourceKind.SOCIAL, Instant.EPOCH, null, "h", "text", List.of());
  }

  private static SourceConnector giving(SourceBatch batch) {
    return connector(() -> batch);
  }

  private static SourceConnector failing(String message) {
    return connector(() -> {
      throw new OutsideServiceException("web:down.example", Kind.TRANSIENT, message, null, null);
    });
  }

  private static SourceConnector connector(java.util.function.Supplier<SourceBatch> gather) {
    return new SourceConnector() {
      @Override
      public SourceKind kind() {
        return SourceKind.SOCIAL;
      }

      @Override
      public boolean isConfigured(CompetitorProfile competitor) {
        return true;
      }

      @Override
      public SourceBatch gather(CompetitorProfile competitor, int round, List<SourceDocument> alreadyGathered) {
        return gather.get();
      }
    };
  }

  @Test
  void documentsOfAllConnectorsMakeOneBatchEachAddressOnce() {
    SourceBatch batch = ResearchService.gatherAll(List.of(
        giving(new SourceBatch(List.of(post("https://a.example/1"), post("https://b.example/2")), List.of("x: HTTP 404"))),
        giving(new SourceBatch(List.of(post("https://b.example/2"), post("https://c.example/3")), List.of()))),
        ACME, 0, List.of());

    assertThat(batch.documents()).extracting(SourceDocument::url)
        .containsExactly("https://a.example/1", "https://b.example/2", "https://c.example/3");
    assertThat(batch.problems()).containsExactly("x: HTTP 404");
  }

  @Test
  void aConnectorThatIsDownBesideOneThatGatheredIsAProblem() {
    SourceBatch batch = ResearchService.gatherAll(List.of(failing("Mastodon posts about acme unavailable: HTTP 503"),
        giving(new SourceBatch(List.of(post("https://a.example/1")), List.of()))), ACME, 0, List.of());

    assertThat(batch.documents()).hasSize(1);
    assertThat(batch.problems()).containsExactly("web:down.example: Mastodon posts about acme unavailable: HTTP 503");
  }

  @Test
  void nothingGatheredAndAConnectorDownFailsTheWholeSoTheJobIsRetried() {
    assertThatThrownBy(() -> ResearchService.gatherAll(List.of(giving(SourceBatch.empty()),
        failing("first down"), failing("second down")), ACME, 0, List.of()))
        .isInstanceOf(OutsideServiceException.class).hasMessage("web:down.example: first down");
  }
}
