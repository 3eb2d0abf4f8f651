package io.rivalwatch.benchmark;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.jobhandling.parameter.ParameterResolver;
import io.camunda.client.jobhandling.parameter.ParameterResolverStrategy;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each job's handler started, and how much fake outside latency it waited for. The Camunda SDK resolves a
 * handler's parameters on the handler's thread just before it calls the handler, so a decorated parameter resolver
 * sees every job start, with the job, on the thread that runs it; fake calls on that thread are charged to it.
 */
final class JobTimings {

  /** One handled job. */
  static final class Job {
    final long key;
    final String type;
    final String elementId;
    final long processInstanceKey;
    final long startedMillis;
    /** Whether its handler ran on a virtual thread (rivalwatch.concurrency.handler-threads). */
    final boolean virtualThread;
    volatile long latencyNanos;
    /**
     * When the handler's result was ready and the client's complete command was about to be sent (-1 when the job
     * ended otherwise): from here to the engine's completed record is the engine's part, gRPC and its queue.
     */
    volatile long resultMillis = -1;
    /** From the client handing the job to its executor to the handler starting; -1 when not seen. */
    final long handOffToStartNanos;

    Job(ActivatedJob job, long startedMillis) {
      this.key = job.getKey();
      this.type = job.getType();
      this.elementId = job.getElementId();
      this.processInstanceKey = job.getProcessInstanceKey();
      this.startedMillis = startedMillis;
      this.virtualThread = Thread.currentThread().isVirtual();
      Long handedOff = HandOffTiming.handedOffNanos();
      this.handOffToStartNanos = handedOff == null ? -1 : System.nanoTime() - handedOff;
    }

    Duration latency() {
      return Duration.ofNanos(latencyNanos);
    }
  }

  private static final Map<Long, Job> JOBS = new ConcurrentHashMap<>();
  /** When each streamed job reached the client (its gRPC message read), by job key. */
  private static final Map<Long, Long> ARRIVED_MILLIS = new ConcurrentHashMap<>();

  /** When the job's streamed message reached the client, or -1 (polled, or not seen). */
  static long arrivedMillis(long key) {
    return ARRIVED_MILLIS.getOrDefault(key, -1L);
  }

  /**
   * A gRPC client interceptor that notes when each streamed job's message reaches the client: from the engine's
   * record to here is the engine's push and gRPC; from here to the handler, the client reading the job and a thread.
   */
  static io.grpc.ClientInterceptor arrivals() {
    return new io.grpc.ClientInterceptor() {
      @Override
      public <Q, A> io.grpc.ClientCall<Q, A> interceptCall(io.grpc.MethodDescriptor<Q, A> method,
          io.grpc.CallOptions options, io.grpc.Channel next) {
        io.grpc.ClientCall<Q, A> call = next.newCall(method, options);
        if (!method.getFullMethodName().endsWith("/StreamActivatedJobs")) {
          return call;
        }
        return new io.grpc.ForwardingClientCall.SimpleForwardingClientCall<>(call) {
          @Override
          public void start(Listener<A> listener, io.grpc.Metadata headers) {
            super.start(new io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onMessage(A message) {
                if (message instanceof io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivatedJob job) {
                  ARRIVED_MILLIS.put(job.getKey(), System.currentTimeMillis());
                }
                super.onMessage(message);
              }
            }, headers);
          }
        };
      }
    };
  }
  private static final ThreadLocal<Job> CURRENT = new ThreadLocal<>();

  private JobTimings() {}

  static void clear() {
    JOBS.clear();
    ARRIVED_MILLIS.clear();
  }

  static Collection<Job> jobs() {
    return JOBS.values();
  }

  /** The first parameter resolved for a job marks its start; a retried job starts again under the same key. */
  static void started(ActivatedJob activated) {
    Job current = CURRENT.get();
    if (current != null && current.key == activated.getKey()) {
      return;
    }
    Job job = new Job(activated, System.currentTimeMillis());
    JOBS.put(job.key, job);
    CURRENT.set(job);
  }

  static void charge(Duration latency) {
    Job job = CURRENT.get();
    if (job != null) {
      job.latencyNanos += latency.toNanos();
    }
  }

  /** Wraps the SDK's result processing (run just before it sends the complete command) so each job's end is seen. */
  static io.camunda.client.jobhandling.result.ResultProcessorStrategy observingResults(
      io.camunda.client.jobhandling.result.ResultProcessorStrategy strategy) {
    return new io.camunda.client.jobhandling.result.ResultProcessorStrategy() {
      @Override
      public io.camunda.client.jobhandling.result.ResultProcessor createProcessor(Class<?> type) {
        return timed(strategy.createProcessor(type));
      }

      @Override
      public io.camunda.client.jobhandling.result.ResultProcessor createProcessor(
          io.camunda.client.bean.MethodInfo method) {
        return timed(strategy.createProcessor(method));
      }
    };
  }

  private static io.camunda.client.jobhandling.result.ResultProcessor timed(
      io.camunda.client.jobhandling.result.ResultProcessor processor) {
    return new io.camunda.client.jobhandling.result.ResultProcessor() {
      @Override
      public Object process(io.camunda.client.jobhandling.result.ResultProcessorContext context) {
        Object result = processor.process(context);
        Job job = JOBS.get(context.getJob().getKey());
        if (job != null) {
          job.resultMillis = System.currentTimeMillis();
        }
        return result;
      }
    };
  }

  /** Wraps the SDK's parameter resolution so each job's start is seen. */
  static ParameterResolverStrategy observing(ParameterResolverStrategy strategy) {
    return info -> {
      ParameterResolver resolver = strategy.createResolver(info);
      return (client, job) -> {
        started(job);
        return resolver.resolve(client, job);
      };
    };
  }
}
