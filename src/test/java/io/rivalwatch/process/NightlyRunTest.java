package io.rivalwatch.process;

/** The workflow's paths with the local adapters: file artefacts, Lucene memory, the offline analyser. */
class NightlyRunTest extends NightlyRunScenarios {

  @Override
  protected String expectedProducer() {
    return "offline analyser (no language model)";
  }
}
