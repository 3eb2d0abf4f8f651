package io.camunda.zeebe.process.test.engine;

import io.camunda.zeebe.protocol.impl.record.value.job.JobRecord;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.stream.api.ProcessingResult;
import io.camunda.zeebe.stream.api.ProcessingResultBuilder;
import io.camunda.zeebe.stream.api.RecordProcessor;
import io.camunda.zeebe.stream.api.RecordProcessorContext;
import io.camunda.zeebe.stream.api.records.TypedRecord;
import io.camunda.zeebe.stream.api.scheduling.ProcessingScheduleService;
import java.time.InstantSource;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The engine, with one more look at a job it refused to bring back after its backoff in the very millisecond the
 * backoff ended (ADR 0032).
 *
 * <p>Zeebe 8.8's backoff checker sends {@code RECUR_AFTER_BACKOFF} for a failed job once its deadline is not after
 * the clock ({@code deadline <= now}), but the processor of that command accepts it only once the deadline is
 * strictly before the clock ({@code deadline < now}). When the command is processed in the same millisecond the
 * checker looked, the engine rejects its own command ("no such job was found": the job is FAILED, a state the
 * message's switch does not name), and nothing looks at the job again until another job fails with a backoff. A
 * broker has the same code; here a run would wait for ever. So when such a command is about to be refused for that
 * reason, this sends the same command again just after the deadline, as the checker's next look would. The engine
 * still decides, and the refusal stays in the log.
 */
final class RecurAfterBackoffRetry implements RecordProcessor {

  private final RecordProcessor engine;
  private InstantSource clock;
  private ProcessingScheduleService schedule;

  RecurAfterBackoffRetry(RecordProcessor engine) {
    this.engine = engine;
  }

  @Override
  public void init(RecordProcessorContext context) {
    clock = context.getClock();
    schedule = context.getScheduleService();
    engine.init(context);
  }

  @Override
  public boolean accepts(ValueType valueType) {
    return engine.accepts(valueType);
  }

  @Override
  public void replay(TypedRecord record) {
    engine.replay(record);
  }

  @Override
  public ProcessingResult process(TypedRecord record, ProcessingResultBuilder result) {
    if (record.getRecordType() == RecordType.COMMAND && record.getValueType() == ValueType.JOB
        && record.getIntent() == JobIntent.RECUR_AFTER_BACKOFF
        && record.getValue() instanceof JobRecord job && job.getRecurringTime() >= clock.millis()) {
      long jobKey = record.getKey();
      long due = job.getRecurringTime() + 1;
      JobRecord again = copy(job);
      // after the commit: only then has the platform forgotten the command it is processing, and takes the same one
      result.appendPostCommitTask(() -> {
        schedule.runAt(due, task -> {
          task.appendCommandRecord(jobKey, JobIntent.RECUR_AFTER_BACKOFF, again);
          return task.build();
        });
        return true;
      });
    }
    return engine.process(record, result);
  }

  @Override
  public ProcessingResult onProcessingError(Throwable error, TypedRecord record, ProcessingResultBuilder result) {
    return engine.onProcessingError(error, record, result);
  }

  /** The command's value outlives the record it came in, whose buffer the platform reuses. */
  private static JobRecord copy(JobRecord job) {
    UnsafeBuffer bytes = new UnsafeBuffer(new byte[job.getLength()]);
    job.write(bytes, 0);
    JobRecord copy = new JobRecord();
    copy.wrap(bytes);
    return copy;
  }
}
