package io.rivalwatch.artefact;

import io.rivalwatch.failure.OutsideServiceException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Keeps a paid-for result (a model's answer) whose write to the artefact store failed, so the job's retry in this
 * worker stores it instead of asking the model again. A crash loses it; a store that fails once does not.
 */
@Component
public class PaidResults {

  private static final int KEPT = 256;

  private final Map<String, Object> unsaved = new LinkedHashMap<>(32, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
      return size() > KEPT;
    }
  };

  /**
   * @param compute what produces the result (the paid call), run only when no earlier attempt's result is kept
   * @param store what stores it and returns what is stored
   */
  @SuppressWarnings("unchecked")
  public <T> T computeAndStore(ArtefactKey key, Supplier<T> compute, Function<T, T> store) {
    T result;
    synchronized (unsaved) {
      result = (T) unsaved.remove(key.path());
    }
    if (result == null) {
      result = compute.get();
    }
    try {
      return store.apply(result);
    } catch (OutsideServiceException e) {
      synchronized (unsaved) {
        unsaved.put(key.path(), result);
      }
      throw e;
    }
  }
}
