package io.rivalwatch.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rivalwatch.research.RecordCompetitorResultWorker.FinishedCompetitor;
import org.junit.jupiter.api.Test;

/** A typed variable record reads the variables by name and names a missing required one. */
class FinishedCompetitorVariablesTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void readsTheVariablesByNameAndIgnoresOthers() throws Exception {
    FinishedCompetitor finished = json.readValue("""
        {"runId":"run-1","competitorId":"acme","researchDecision":"sufficient","sentimentStatus":"done: 3 findings",
         "competitorIds":["acme"]}""", FinishedCompetitor.class);

    assertThat(finished.competitorId()).isEqualTo("acme");
    assertThat(finished.sentimentStatus()).isEqualTo("done: 3 findings");
    assertThat(finished.strategyStatus()).isNull();
  }

  @Test
  void aMissingRequiredVariableIsNamed() {
    assertThatThrownBy(() -> json.readValue("{\"runId\":\"run-1\"}", FinishedCompetitor.class))
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .rootCause().hasMessageContaining("process variable 'competitorId' is missing");
  }
}
