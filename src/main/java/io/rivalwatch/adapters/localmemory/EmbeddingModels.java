package io.rivalwatch.adapters.localmemory;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * The offline embedding model of the local memory. Loading it (ONNX session and tokenizer from inside the
 * jar) takes about a second, so it is created once per JVM, on first use, and shared: the model is safe to
 * call from several threads.
 */
public final class EmbeddingModels {

  /** Dimensions of the vectors {@link #allMiniLmL6V2Quantized()} produces. */
  public static final int ALL_MINILM_L6_V2_DIMENSIONS = 384;

  private EmbeddingModels() {}

  /** all-MiniLM-L6-v2 (quantized), 384 dimensions, no network needed. Loaded on the first call. */
  public static EmbeddingModel allMiniLmL6V2Quantized() {
    return AllMiniLmHolder.MODEL;
  }

  /** Initialization-on-demand holder: the JVM runs the load exactly once, thread-safely, on first access. */
  private static final class AllMiniLmHolder {
    static final EmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel();
  }
}
