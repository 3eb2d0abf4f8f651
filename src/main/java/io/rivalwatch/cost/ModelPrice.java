package io.rivalwatch.cost;

/**
 * What a model costs, in US dollars per million tokens, from the price table in configuration.
 *
 * @param model the model or inference profile id it applies to
 */
public record ModelPrice(
    String model, double inputPerMillion, double outputPerMillion, double cacheReadPerMillion,
    double cacheWritePerMillion) {

  public double cost(ModelCall call) {
    return (call.inputTokens() * inputPerMillion
            + call.outputTokens() * outputPerMillion
            + call.cacheReadTokens() * cacheReadPerMillion
            + call.cacheWriteTokens() * cacheWritePerMillion)
        / 1_000_000.0;
  }
}
