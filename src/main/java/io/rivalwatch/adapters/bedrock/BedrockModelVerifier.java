package io.rivalwatch.adapters.bedrock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import io.rivalwatch.resilience.ResilienceProperties;
import io.rivalwatch.resilience.StartupChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.BedrockClientBuilder;
import software.amazon.awssdk.services.bedrock.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrock.model.FoundationModelDetails;
import software.amazon.awssdk.services.bedrock.model.FoundationModelLifecycleStatus;
import software.amazon.awssdk.services.bedrock.model.GetInferenceProfileResponse;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileStatus;
import software.amazon.awssdk.services.bedrock.model.InferenceType;
import software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrock.model.ValidationException;

/**
 * Checks at start-up, with the Bedrock control plane, that every configured model id names something this account
 * can call in the configured region: GetFoundationModel for a plain model id, GetInferenceProfile for an id with a
 * geography prefix ("us.", "eu.", "apac.", "global.", ...) or an inference-profile ARN. A model that is unknown,
 * not accessible, or has no on-demand throughput stops the application with a message naming the property to fix.
 * When the control plane cannot be reached or throttles, it is asked again a few times
 * ({@code rivalwatch.resilience.startup.*}); if that does not help, the check is skipped with a warning: the runtime
 * calls classify their own failures.
 */
final class BedrockModelVerifier {

  private static final Logger log = LoggerFactory.getLogger(BedrockModelVerifier.class);
  private static final Pattern MODEL_ARN = Pattern.compile("arn:aws[a-z-]*:bedrock:[^:]*::foundation-model/.+");
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private BedrockModelVerifier() {}

  /**
   * @throws IllegalStateException listing every model id that cannot be used, each with the property to change
   */
  static void verify(BedrockProperties properties, ResilienceProperties.Startup retries) {
    BedrockClientBuilder builder = BedrockClient.builder()
        .region(Region.of(properties.region()))
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(CALL_TIMEOUT));
    if (properties.controlEndpoint() != null) {
      builder.endpointOverride(properties.controlEndpoint());
    }
    try (BedrockClient control = builder.build()) {
      verify(control, properties, retries);
    }
  }

  static void verify(BedrockClient control, BedrockProperties properties) {
    verify(control, properties, ResilienceProperties.defaults().startup());
  }

  static void verify(BedrockClient control, BedrockProperties properties, ResilienceProperties.Startup retries) {
    Map<String, String> tasksByModel = new LinkedHashMap<>();
    for (String task : List.of("sentiment", "strategy", "positioning", "synthesis")) {
      tasksByModel.merge(properties.task(task).modelId(), task, (a, b) -> a + "," + b);
    }
    tasksByModel.merge(properties.cheaperModelId(), BedrockProperties.CHEAPER, (a, b) -> a + "," + b);
    for (String task : BedrockProperties.TASK_NAMES) {
      List<String> fallbacks = properties.fallback().models(task);
      for (int i = 0; i < fallbacks.size(); i++) {
        tasksByModel.merge(fallbacks.get(i), BedrockProperties.Fallback.property(task, i), (a, b) -> a + "," + b);
      }
    }
    List<String> problems = new ArrayList<>();
    tasksByModel.forEach((modelId, tasks) -> {
      String problem = check(control, modelId, properties.region(), retries);
      if (problem != null) {
        List<String> props = new ArrayList<>();
        for (String task : tasks.split(",")) {
          props.add(BedrockProperties.modelIdProperty(task));
        }
        problems.add(problem + ": change " + String.join(" and ", props));
      }
    });
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Amazon Bedrock model check failed in " + properties.region() + " (set "
          + BedrockProperties.PREFIX + ".verify-models=false to skip it):\n- " + String.join("\n- ", problems));
    }
  }

  /** @return what is wrong with the model id, or null when it can be used (or cannot be checked now) */
  private static String check(BedrockClient control, String modelId, String region,
      ResilienceProperties.Startup retries) {
    String what = "Bedrock model '" + modelId + "'";
    try {
      if (BedrockProperties.isInferenceProfile(modelId)) {
        GetInferenceProfileResponse profile = StartupChecks.retried(what, retries, BedrockModelVerifier::mayPass,
            () -> control.getInferenceProfile(r -> r.inferenceProfileIdentifier(modelId)));
        if (profile.status() != null && profile.status() != InferenceProfileStatus.ACTIVE) {
          return "inference profile '" + modelId + "' is " + profile.statusAsString() + ", not ACTIVE";
        }
        log.info("Bedrock inference profile {} is available ({})", modelId, profile.inferenceProfileName());
        return null;
      }
      if (modelId.startsWith("arn:") && !MODEL_ARN.matcher(modelId).matches()) {
        log.info("Bedrock model {} is neither a foundation model nor an inference profile: not checked", modelId);
        return null;
      }
      FoundationModelDetails model = StartupChecks.retried(what, retries, BedrockModelVerifier::mayPass,
          () -> control.getFoundationModel(r -> r.modelIdentifier(modelId))).modelDetails();
      if (model == null) {
        return "model '" + modelId + "' is not known to Bedrock in " + region;
      }
      if (model.hasInferenceTypesSupported() && !model.inferenceTypesSupported().contains(InferenceType.ON_DEMAND)) {
        return "model '" + modelId + "' cannot be called on demand in " + region + " (it supports "
            + model.inferenceTypesSupportedAsStrings() + "): use an inference profile id such as 'us." + modelId + "'";
      }
      if (model.modelLifecycle() != null && model.modelLifecycle().status() == FoundationModelLifecycleStatus.LEGACY) {
        log.warn("Bedrock model {} is LEGACY and will be retired: plan a move to a newer model", modelId);
      }
      log.info("Bedrock model {} is available ({} by {})", modelId, model.modelName(), model.providerName());
      return null;
    } catch (ResourceNotFoundException | ValidationException e) {
      return "model id '" + modelId + "' is not known to Bedrock in " + region + " (" + message(e) + ")";
    } catch (AccessDeniedException e) {
      return "model id '" + modelId + "' is not accessible in " + region + " (" + message(e) + "; the credentials"
          + " need bedrock:GetFoundationModel / bedrock:GetInferenceProfile, and the model needs access granted in the"
          + " Bedrock console)";
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404) {
        return "model id '" + modelId + "' is not known to Bedrock in " + region + " (" + message(e) + ")";
      }
      if (e.statusCode() == 401 || e.statusCode() == 403) {
        return "model id '" + modelId + "' cannot be checked, credentials refused (" + message(e) + ")";
      }
      log.warn("Bedrock model {} could not be checked now ({}): going on; calls will report their own failures",
          modelId, message(e));
      return null;
    } catch (SdkException e) {
      log.warn("Bedrock control plane not reachable to check model {} ({}): going on; calls will report their own"
          + " failures", modelId, e.getMessage());
      return null;
    }
  }

  /** A failure worth asking again: 5xx, throttling, or no answer at all. */
  private static boolean mayPass(Throwable failure) {
    if (failure instanceof AwsServiceException e) {
      return e.statusCode() >= 500 || e.statusCode() == 429;
    }
    return failure instanceof SdkException;
  }

  private static String message(AwsServiceException e) {
    if (e.awsErrorDetails() == null) {
      return e.getMessage();
    }
    return e.awsErrorDetails().errorCode() + ", status " + e.statusCode()
        + (e.awsErrorDetails().errorMessage() == null ? "" : ": " + e.awsErrorDetails().errorMessage());
  }
}
