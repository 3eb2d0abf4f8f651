package io.rivalwatch.testsupport;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.RocksDbEngineFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * The embedded Zeebe engine (zeebe-process-test, test classpath only), one per JVM: the process tests and the
 * local run talk to it over gRPC through the same Camunda client the product uses against a real cluster. Its state
 * store is RocksDB, as in a real broker, in a temporary directory deleted when it stops (ADR 0030).
 */
public final class EmbeddedEngine {

  private static ZeebeTestEngine engine;
  private static int port;

  private EmbeddedEngine() {}

  public static synchronized ZeebeTestEngine get() {
    if (engine == null) {
      port = freePort();
      engine = RocksDbEngineFactory.create(port);
      engine.start();
      Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedEngine::stop, "embedded-engine-stop"));
    }
    return engine;
  }

  /**
   * Replaces the engine with a new, empty one on a new port. Each application context of the process tests gets
   * its own, so nothing a closed context left behind (a job stream, a job it held, a moved clock) reaches the next.
   */
  public static synchronized void restart() {
    stop();
    get();
  }

  /** Stops the engine if it runs; safe to call more than once. */
  public static synchronized void stop() {
    if (engine != null) {
      engine.stop();
      engine = null;
    }
  }

  /**
   * Forgets the running engine's records up to {@code position} (a record's position): for a reader that has read
   * them and needs them no more, as the benchmark after each run, so the engine's memory does not grow with every run
   * it ran (ADR 0035). The process tests read a run's whole history and release nothing.
   */
  public static synchronized void releaseRecordsUpTo(long position) {
    if (engine != null) {
      RocksDbEngineFactory.releaseRecordsUpTo(engine, position);
    }
  }

  /** The gRPC address for camunda.client.grpc-address. */
  public static synchronized String grpcAddress() {
    get();
    return "http://localhost:" + port;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
