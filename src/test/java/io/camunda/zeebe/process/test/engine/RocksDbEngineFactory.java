package io.camunda.zeebe.process.test.engine;

import io.camunda.security.auth.BrokerRequestAuthorizationConverter;
import io.camunda.security.configuration.SecurityConfiguration;
import io.camunda.search.clients.SearchClientsProxy;
import io.camunda.zeebe.db.AccessMetricsConfiguration;
import io.camunda.zeebe.db.ConsistencyChecksSettings;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.db.impl.rocksdb.RocksDbConfiguration;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory.SharedRocksDbResources;
import io.camunda.zeebe.engine.Engine;
import io.camunda.zeebe.engine.EngineConfiguration;
import io.camunda.zeebe.engine.processing.EngineProcessors;
import io.camunda.zeebe.engine.processing.message.command.SubscriptionCommandSender;
import io.camunda.zeebe.logstreams.log.LogStream;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.camunda.zeebe.scheduler.ActorScheduler;
import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import io.camunda.zeebe.stream.impl.ControllableStreamClockImpl;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import io.camunda.zeebe.util.FeatureFlags;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * zeebe-process-test's embedded engine with the state store a real broker uses: RocksDB (zeebe-db's
 * {@link ZeebeRocksDbFactory}) in a temporary directory, instead of the library's in-memory map, which copies the
 * whole state on every prefix scan and has no locking between the engine's threads (ADR 0030). Everything else is
 * the library's own parts, put together the way its {@code EngineFactory} does: the same gateway, job streamer,
 * stream processor and engine, so the gRPC API and the records the tests read are unchanged. Its log and record
 * stream are this package's own, which can forget what every reader is done with (ADR 0035): {@link
 * CompactingLogStorage}, {@link ReleasableRecordStream}.
 *
 * <p>This class lives in the library's package because most of those parts are package-private.
 */
public final class RocksDbEngineFactory {

  private static final Logger LOG = LoggerFactory.getLogger(RocksDbEngineFactory.class);
  private static final int PARTITION_ID = 1;
  private static final int PARTITION_COUNT = 1;
  /** Block cache plus write buffers; a test engine holds one run's state, a broker partition defaults to 512 MiB. */
  private static final long MEMORY_LIMIT_BYTES = 64L * 1024 * 1024;

  private RocksDbEngineFactory() {}

  /** A stopped engine whose gateway will listen on {@code port}; {@link ZeebeTestEngine#start()} starts it. */
  public static ZeebeTestEngine create(int port) {
    Path directory = createDirectory();
    SharedRocksDbResources rocksDbMemory = SharedRocksDbResources.allocate(MEMORY_LIMIT_BYTES);
    ZeebeDb<ZbColumnFamilies> database;
    try {
      database = openDatabase(directory, rocksDbMemory);
    } catch (RuntimeException e) {
      rocksDbMemory.close();
      deleteDirectory(directory);
      throw e;
    }

    ControlledActorClock clock = new ControlledActorClock();
    ActorScheduler scheduler = ActorScheduler.newActorScheduler().setActorClock(clock).build();
    scheduler.start();

    CompactingLogStorage logStorage = new CompactingLogStorage();
    LogStream logStream =
        LogStream.builder()
            .withPartitionId(PARTITION_ID)
            .withLogStorage(logStorage)
            .withClock(clock)
            .withMeterRegistry(new SimpleMeterRegistry())
            .build();
    CommandWriter commandWriter = new CommandWriter(logStream.newLogStreamWriter());
    CommandSender commandSender = new CommandSender(commandWriter);
    GatewayRequestStore requests = new GatewayRequestStore();
    InMemoryJobStreamer jobStreamer = new InMemoryJobStreamer(commandWriter);
    GrpcToLogStreamGateway gateway =
        new GrpcToLogStreamGateway(commandWriter, PARTITION_ID, PARTITION_COUNT, port, requests, jobStreamer);
    Server grpcServer = ServerBuilder.forPort(port).addService(gateway).build();
    GrpcResponseWriter responseWriter = new GrpcResponseWriter(gateway, requests, null);

    SecurityConfiguration security = new SecurityConfiguration();
    security.getAuthorizations().setEnabled(false);
    StreamProcessor streamProcessor =
        StreamProcessor.builder()
            .logStream(logStream)
            .zeebeDb(database)
            .commandResponseWriter(responseWriter)
            .partitionCommandSender(commandSender)
            .recordProcessors(
                List.of(
                    // the engine, and a second look at a job it refused to bring back after its backoff (ADR 0032)
                    new RecurAfterBackoffRetry(new Engine(
                        context ->
                            EngineProcessors.createEngineProcessors(
                                context,
                                PARTITION_COUNT,
                                new SubscriptionCommandSender(context.getPartitionId(), commandSender),
                                commandSender,
                                FeatureFlags.createDefault(),
                                jobStreamer,
                                SearchClientsProxy.noop(),
                                new BrokerRequestAuthorizationConverter(security)),
                        new EngineConfiguration(),
                        security))))
            .actorSchedulingService(scheduler)
            .clock(new ControllableStreamClockImpl(clock))
            .meterRegistry(new SimpleMeterRegistry())
            .build();

    ReleasableRecordStream records = new ReleasableRecordStream(logStream.newLogStreamReader(), PARTITION_ID,
        logStorage, () -> streamProcessor.getLastProcessedPositionAsync().join(10, TimeUnit.SECONDS));
    return new RocksDbEngine(
        grpcServer,
        streamProcessor,
        gateway,
        database,
        logStream,
        scheduler,
        records,
        clock,
        new EngineStateMonitor(logStorage, streamProcessor),
        rocksDbMemory,
        directory);
  }

  /**
   * Forgets the engine's records up to {@code position}: a reader that is done with them (the benchmark, after each
   * run) says so, as an exporter acknowledges a position, and the engine drops them and the log blocks behind them
   * (ADR 0035). Its {@link ZeebeTestEngine#getRecordStreamSource() record stream} then starts after that position.
   *
   * @throws IllegalArgumentException for an engine this factory did not create
   */
  public static void releaseRecordsUpTo(ZeebeTestEngine engine, long position) {
    if (!(engine instanceof RocksDbEngine rocksDbEngine)) {
      throw new IllegalArgumentException("only an engine from RocksDbEngineFactory.create can release records, not "
          + engine.getClass().getName());
    }
    rocksDbEngine.releaseRecordsUpTo(position);
  }

  private static ZeebeDb<ZbColumnFamilies> openDatabase(Path directory, SharedRocksDbResources memory) {
    RocksDbConfiguration configuration =
        new RocksDbConfiguration()
            .setMemoryLimit(MEMORY_LIMIT_BYTES)
            .setMemoryAllocationStrategy(RocksDbConfiguration.MemoryAllocationStrategy.PARTITION)
            .setMaxOpenFiles(64)
            .setWalDisabled(true);
    return new ZeebeRocksDbFactory<ZbColumnFamilies>(
            configuration,
            new ConsistencyChecksSettings(),
            new AccessMetricsConfiguration(AccessMetricsConfiguration.Kind.NONE, PARTITION_ID),
            SimpleMeterRegistry::new,
            memory,
            PARTITION_COUNT)
        .createDb(directory.toFile());
  }

  private static Path createDirectory() {
    try {
      return Files.createTempDirectory("rivalwatch-engine-state-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the embedded engine's state directory", e);
    }
  }

  private static void deleteDirectory(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("could not delete the embedded engine's state directory {}", directory, e);
    }
  }

  /**
   * The library's engine, stopped in an order that is safe for a native store: every actor (the stream processor,
   * its asynchronous schedule actors, the batch operation actor) has ended before RocksDB is closed, so none of them
   * can read a closed database; then the memory RocksDB was given is freed and its directory deleted.
   */
  static final class RocksDbEngine extends InMemoryEngine {

    private final Server grpcServer;
    private final StreamProcessor streamProcessor;
    private final ZeebeDb<ZbColumnFamilies> database;
    private final LogStream logStream;
    private final ActorScheduler scheduler;
    private final SharedRocksDbResources rocksDbMemory;
    private final Path directory;
    private final ReleasableRecordStream records;
    private final ControlledActorClock clock;

    RocksDbEngine(
        Server grpcServer,
        StreamProcessor streamProcessor,
        GrpcToLogStreamGateway gateway,
        ZeebeDb<ZbColumnFamilies> database,
        LogStream logStream,
        ActorScheduler scheduler,
        ReleasableRecordStream records,
        ControlledActorClock clock,
        EngineStateMonitor stateMonitor,
        SharedRocksDbResources rocksDbMemory,
        Path directory) {
      super(grpcServer, streamProcessor, gateway, database, logStream, scheduler, records, clock, stateMonitor);
      this.grpcServer = grpcServer;
      this.streamProcessor = streamProcessor;
      this.database = database;
      this.logStream = logStream;
      this.scheduler = scheduler;
      this.rocksDbMemory = rocksDbMemory;
      this.directory = directory;
      this.records = records;
      this.clock = clock;
    }

    /** See {@link RocksDbEngineFactory#releaseRecordsUpTo}. */
    void releaseRecordsUpTo(long position) {
      records.release(position);
    }

    /** The blocks its log keeps now. */
    int logBlocks() {
      return records.logBlocks();
    }

    /** The engine's clock, for tests that pin it (the library only lets them add time). */
    ControlledActorClock clock() {
      return clock;
    }

    /** Where RocksDB keeps this engine's state; gone once the engine has stopped. */
    Path stateDirectory() {
      return directory;
    }

    @Override
    public void stop() {
      boolean databaseClosed = false;
      try {
        grpcServer.shutdownNow();
        grpcServer.awaitTermination();
        streamProcessor.close();
        logStream.close();
        scheduler.stop().get(30, TimeUnit.SECONDS);
        database.close();
        databaseClosed = true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while stopping the embedded engine", e);
      } catch (Exception e) {
        throw new IllegalStateException("could not stop the embedded engine", e);
      } finally {
        if (databaseClosed) {
          rocksDbMemory.close();
          deleteDirectory(directory);
        } else {
          // an actor may still use RocksDB: freeing its memory now could crash the JVM, so leave it (and say so)
          LOG.warn("the embedded engine did not stop; its RocksDB in {} stays open", directory);
        }
      }
    }
  }
}
