package io.rivalwatch.workflow;

import io.camunda.client.api.worker.JobClient;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sees which command a job's handler sends to the engine for the job (complete, throw a BPMN error, fail) and with
 * which variables, by handing the handler a {@link JobClient} that passes everything through. The command is what
 * the engine is told, so it is the job's outcome whichever code path (the worker, the SDK's result handling, our
 * failure handling) decided it.
 */
final class JobCommandRecorder {

  private final JobClient client;
  private final long jobKey;
  private volatile String outcome;
  private final Map<String, Object> variables = new LinkedHashMap<>();

  JobCommandRecorder(JobClient delegate, long jobKey) {
    this.jobKey = jobKey;
    this.client = (JobClient) Proxy.newProxyInstance(JobClient.class.getClassLoader(),
        new Class<?>[] {JobClient.class}, (proxy, method, args) -> onClient(delegate, method, args));
  }

  /** The client to give the handler. */
  JobClient client() {
    return client;
  }

  /** {@link JobFinished#COMPLETED}, {@link JobFinished#BPMN_ERROR}, {@link JobFinished#FAILED}, or null if none. */
  String outcome() {
    return outcome;
  }

  /** The variables the command carried, when they were given as a map or one by one. */
  synchronized Map<String, Object> variables() {
    return Map.copyOf(variables);
  }

  private Object onClient(JobClient delegate, Method method, Object[] args) throws Throwable {
    Object result = invoke(delegate, method, args);
    String seen = switch (method.getName()) {
      case "newCompleteCommand" -> JobFinished.COMPLETED;
      case "newThrowErrorCommand" -> JobFinished.BPMN_ERROR;
      case "newFailCommand" -> JobFinished.FAILED;
      default -> null;
    };
    if (seen == null || !isThisJob(args)) {
      return result;
    }
    outcome = seen;
    return chained(method.getReturnType(), result);
  }

  private boolean isThisJob(Object[] args) {
    if (args == null || args.length == 0) {
      return false;
    }
    if (args[0] instanceof Long key) {
      return key == jobKey;
    }
    return args[0] instanceof io.camunda.client.api.response.ActivatedJob job && job.getKey() == jobKey;
  }

  /** Wraps a command step so that its variables are seen; steps return steps until send(). */
  private Object chained(Class<?> type, Object step) {
    if (step == null || !type.isInterface() || !type.getPackageName().startsWith("io.camunda.client.api.command")) {
      return step;
    }
    InvocationHandler handler = (proxy, method, args) -> {
      if ((method.getName().equals("variables") || method.getName().equals("variable")) && args != null) {
        see(args);
      }
      Object next = invoke(step, method, args);
      return method.getName().equals("send") ? next : chained(method.getReturnType(), next);
    };
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }

  @SuppressWarnings("unchecked")
  private synchronized void see(Object[] args) {
    if (args.length == 2 && args[0] instanceof String name) {
      variables.put(name, args[1]);
    } else if (args.length == 1 && args[0] instanceof Map<?, ?> map) {
      map.forEach((name, value) -> variables.put(String.valueOf(name), value));
    }
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getTargetException();
    }
  }
}
