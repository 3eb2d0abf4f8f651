package io.rivalwatch.api;

import io.rivalwatch.recovery.ParkedItemRetries;
import io.rivalwatch.resilience.ParkedItems;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists a run's parked items and retries them (see docs/failures-and-retries.md, "Parked items"). */
@RestController
public class ParkedItemsController {

  private final ParkedItems parked;
  private final ParkedItemRetries retries;

  public ParkedItemsController(ParkedItems parked, ParkedItemRetries retries) {
    this.parked = parked;
    this.retries = retries;
  }

  @GetMapping("/api/runs/{runId}/parked")
  public List<ParkedItems.Item> parked(@PathVariable String runId) {
    return parked.list(runId);
  }

  @PostMapping("/api/runs/{runId}/parked/retry")
  public List<ParkedItemRetries.Outcome> retry(@PathVariable String runId) {
    return retries.retry(runId);
  }
}
