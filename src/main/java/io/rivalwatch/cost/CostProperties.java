package io.rivalwatch.cost;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param prices the price table: one entry per model id; a model without an entry is costed at 0 and the run
 *     record says its price is unknown
 */
@ConfigurationProperties("rivalwatch.cost")
public record CostProperties(List<ModelPrice> prices) {

  public CostProperties {
    prices = prices == null ? List.of() : List.copyOf(prices);
  }
}
