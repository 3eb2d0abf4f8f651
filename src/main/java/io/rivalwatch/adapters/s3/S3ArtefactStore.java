package io.rivalwatch.adapters.s3;

import io.rivalwatch.artefact.ArtefactInventory;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.artefact.StoredArtefact;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.resilience.IdempotentCalls;
import io.rivalwatch.resilience.IdempotentCalls.Operation;
import io.rivalwatch.resilience.OutsideServices;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The artefact store in an S3 bucket: object key {@code prefix/runId/phase/competitor/name}, the same layout and
 * semantics as the file store. {@link #createIfAbsent} is a conditional write ({@code If-None-Match: *}), so of
 * several writers exactly one wins and a finished artefact is never replaced. Every write asks for the configured
 * server-side encryption and tags the object with its retention class ({@value S3Properties#RETENTION_TAG}), so
 * lifecycle rules on the bucket can expire raw research sooner than reports. {@link #locate} gives a presigned link
 * that people can open without the application.
 *
 * <p>The clients must not retry (the engine owns retries): failures surface at once as
 * {@link OutsideServiceException} for service "s3", classified transient, rate-limited or fatal. Every call to S3
 * goes through the "s3" circuit breaker ({@link OutsideServices}): while it is open, calls fail at once with
 * CIRCUIT_OPEN. Reads and conditional writes that fail with something that may pass are repeated a few times inside
 * the job ({@link IdempotentCalls}, ADR 0015); an overwrite is not. An answer the store expects (a missing object, a conditional write that lost) is a success.
 */
public class S3ArtefactStore implements ArtefactStore, ArtefactInventory {

  private static final Logger LOG = LoggerFactory.getLogger(S3ArtefactStore.class);

  private final S3Client client;
  private final S3Presigner presigner;
  private final S3Properties properties;
  private final S3Failures failures;
  private final Integer listPageSize;
  private final IdempotentCalls calls;

  /** A store with a breaker of its own at the default settings (for tools and tests that use it alone). */
  public S3ArtefactStore(S3Client client, S3Presigner presigner, S3Properties properties) {
    this(client, presigner, properties, OutsideServices.standalone());
  }

  /**
   * One attempt per call (for tools and tests that use the store alone).
   *
   * @param services the breakers; every call to S3 goes through {@value S3Failures#SERVICE}'s
   */
  public S3ArtefactStore(S3Client client, S3Presigner presigner, S3Properties properties, OutsideServices services) {
    this(client, presigner, properties, null, IdempotentCalls.singleAttempt(services));
  }

  /** @param calls the breakers, and the rule for repeating idempotent calls inside the job */
  public S3ArtefactStore(S3Client client, S3Presigner presigner, S3Properties properties, IdempotentCalls calls) {
    this(client, presigner, properties, null, calls);
  }

  /** @param listPageSize keys per ListObjectsV2 page; null for S3's own (1000). Smaller in tests of paging. */
  S3ArtefactStore(S3Client client, S3Presigner presigner, S3Properties properties, Integer listPageSize) {
    this(client, presigner, properties, listPageSize, IdempotentCalls.singleAttempt(OutsideServices.standalone()));
  }

  private S3ArtefactStore(S3Client client, S3Presigner presigner, S3Properties properties, Integer listPageSize,
      IdempotentCalls calls) {
    this.calls = Objects.requireNonNull(calls, "calls");
    this.client = Objects.requireNonNull(client, "client");
    this.presigner = Objects.requireNonNull(presigner, "presigner");
    this.properties = Objects.requireNonNull(properties, "properties");
    List<String> problems = properties.problems();
    if (!problems.isEmpty()) {
      throw new S3ConfigurationException(problems);
    }
    this.failures = new S3Failures(properties);
    this.listPageSize = listPageSize;
  }

  @Override
  public boolean createIfAbsent(ArtefactKey key, byte[] content, String contentType) {
    String objectKey = objectKey(key);
    return calls.call(Operation.S3_PUT_IF_ABSENT, () -> putIfAbsent(key, objectKey, content, contentType));
  }

  private boolean putIfAbsent(ArtefactKey key, String objectKey, byte[] content, String contentType) {
    try {
      client.putObject(put(key, objectKey, contentType).ifNoneMatch("*").build(), RequestBody.fromBytes(content));
      return true;
    } catch (SdkException e) {
      int status = S3Failures.status(e);
      String code = S3Failures.errorCode(e);
      if (status == 412 || "PreconditionFailed".equals(code)) {
        return false;
      }
      if (status == 409 && "ConditionalRequestConflict".equals(code)) {
        // another writer's conditional write of this key is in flight: it is that writer's artefact
        LOG.debug("conditional write of {} conflicts with another writer: leaving it to them", objectKey);
        return false;
      }
      throw failures.classify(e, "PutObject", objectKey);
    }
  }

  @Override
  public void overwrite(ArtefactKey key, byte[] content, String contentType) {
    String objectKey = objectKey(key);
    calls.run(Operation.S3_OVERWRITE, () -> {
      try {
        client.putObject(put(key, objectKey, contentType).build(), RequestBody.fromBytes(content));
      } catch (SdkException e) {
        throw failures.classify(e, "PutObject", objectKey);
      }
    });
  }

  @Override
  public Optional<byte[]> read(ArtefactKey key) {
    String objectKey = objectKey(key);
    return calls.call(Operation.S3_GET_OBJECT, () -> {
      try {
        return Optional.of(client.getObjectAsBytes(r -> r.bucket(properties.bucket()).key(objectKey)).asByteArray());
      } catch (SdkException e) {
        if (isMissingObject(e)) {
          return Optional.empty();
        }
        throw failures.classify(e, "GetObject", objectKey);
      }
    });
  }

  @Override
  public boolean exists(ArtefactKey key) {
    String objectKey = objectKey(key);
    return calls.call(Operation.S3_HEAD_OBJECT, () -> {
      try {
        client.headObject(r -> r.bucket(properties.bucket()).key(objectKey));
        return true;
      } catch (SdkException e) {
        // a HEAD answer has no body: a 404 cannot tell a missing object from a missing bucket (checked at start-up)
        if (S3Failures.status(e) == 404) {
          return false;
        }
        throw failures.classify(e, "HeadObject", objectKey);
      }
    });
  }

  @Override
  public List<ArtefactKey> list(String runId) {
    if (runId == null || runId.isBlank() || runId.contains("/")) {
      throw new IllegalArgumentException("run id '" + runId + "' is not a single path segment");
    }
    String runPrefix = objectKey(runId) + "/";
    List<ArtefactKey> keys = new ArrayList<>();
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(properties.bucket()).prefix(runPrefix).maxKeys(listPageSize).build();
    calls.run(Operation.S3_LIST_OBJECTS, () -> {
      try {
        keys.clear();
        for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
          parse(object.key()).ifPresent(keys::add);
        }
      } catch (SdkException e) {
        throw failures.classify(e, "ListObjectsV2", runPrefix);
      }
    });
    keys.sort(Comparator.comparing(ArtefactKey::path));
    return List.copyOf(keys);
  }

  @Override
  public List<String> areas() {
    String storePrefix = properties.prefix().isEmpty() ? "" : properties.prefix() + "/";
    List<String> areas = new ArrayList<>();
    ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(properties.bucket()).prefix(storePrefix)
        .delimiter("/").maxKeys(listPageSize).build();
    calls.run(Operation.S3_LIST_OBJECTS, () -> {
      try {
        areas.clear();
        for (var common : client.listObjectsV2Paginator(request).commonPrefixes()) {
          String area = common.prefix().substring(storePrefix.length());
          area = area.endsWith("/") ? area.substring(0, area.length() - 1) : area;
          if (!area.isEmpty() && !area.contains("/")) {
            areas.add(area);
          }
        }
      } catch (SdkException e) {
        throw failures.classify(e, "ListObjectsV2", storePrefix);
      }
    });
    areas.sort(Comparator.naturalOrder());
    return List.copyOf(areas);
  }

  @Override
  public List<StoredArtefact> stored(String area) {
    if (area == null || area.isBlank() || area.contains("/")) {
      throw new IllegalArgumentException("area '" + area + "' is not a single path segment");
    }
    String areaPrefix = objectKey(area) + "/";
    List<StoredArtefact> stored = new ArrayList<>();
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(properties.bucket()).prefix(areaPrefix).maxKeys(listPageSize).build();
    calls.run(Operation.S3_LIST_OBJECTS, () -> {
      try {
        stored.clear();
        for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
          parse(object.key()).ifPresent(key -> stored.add(new StoredArtefact(key, object.lastModified(),
              object.size() == null ? 0 : object.size())));
        }
      } catch (SdkException e) {
        throw failures.classify(e, "ListObjectsV2", areaPrefix);
      }
    });
    stored.sort(Comparator.comparing(s -> s.key().path()));
    return List.copyOf(stored);
  }

  /** DeleteObject: S3 answers a missing key as it answers a deleted one, so a repeated deletion is idempotent. */
  @Override
  public void delete(ArtefactKey key) {
    String objectKey = objectKey(key);
    calls.run(Operation.S3_DELETE_OBJECT, () -> {
      try {
        client.deleteObject(r -> r.bucket(properties.bucket()).key(objectKey));
      } catch (SdkException e) {
        if (isMissingObject(e)) {
          return;
        }
        throw failures.classify(e, "DeleteObject", objectKey);
      }
    });
  }

  /**
   * A presigned link. Presigning is computed here, with no call to S3, so it does not go through the breaker: a
   * link can be given while S3 rests.
   */
  @Override
  public URI locate(ArtefactKey key) {
    String objectKey = objectKey(key);
    try {
      var presigned = presigner.presignGetObject(p -> p.signatureDuration(properties.linkLifetime())
          .getObjectRequest(r -> r.bucket(properties.bucket()).key(objectKey)));
      return presigned.url().toURI();
    } catch (SdkException e) {
      throw failures.classify(e, "GetObject (presign)", objectKey);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("presigned link for " + objectKey + " is not a URI", e);
    }
  }

  /** The object key of an artefact: {@code prefix/runId/phase/competitor/name}. */
  public String objectKey(ArtefactKey key) {
    return objectKey(key.path());
  }

  /** The retention class written on an artefact: by its phase; the dashboard, which spans runs, as "dashboard". */
  public String retentionClass(ArtefactKey key) {
    String phase = ArtefactKey.DASHBOARD.equals(key.runId()) ? ArtefactKey.DASHBOARD : key.phase();
    return properties.retentionClass(phase);
  }

  private String objectKey(String path) {
    return properties.prefix().isEmpty() ? path : properties.prefix() + "/" + path;
  }

  private PutObjectRequest.Builder put(ArtefactKey key, String objectKey, String contentType) {
    PutObjectRequest.Builder put = PutObjectRequest.builder()
        .bucket(properties.bucket())
        .key(objectKey)
        .contentType(contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType)
        .tagging(S3Properties.RETENTION_TAG + "=" + URLEncoder.encode(retentionClass(key), StandardCharsets.UTF_8));
    switch (properties.encryption()) {
      case S3Properties.SSE_S3 -> put.serverSideEncryption(ServerSideEncryption.AES256);
      case S3Properties.SSE_KMS -> put.serverSideEncryption(ServerSideEncryption.AWS_KMS)
          .ssekmsKeyId(properties.kmsKeyId());
      default -> {
        // none: the bucket's default encryption applies
      }
    }
    return put;
  }

  private Optional<ArtefactKey> parse(String objectKey) {
    String path = properties.prefix().isEmpty() ? objectKey : objectKey.substring(properties.prefix().length() + 1);
    try {
      return Optional.of(ArtefactKey.parse(path));
    } catch (IllegalArgumentException notAnArtefact) {
      // something else in the run's folder (a manual upload, a deeper path): not an artefact of this store
      LOG.debug("ignoring object {}: {}", objectKey, notAnArtefact.getMessage());
      return Optional.empty();
    }
  }

  private static boolean isMissingObject(SdkException e) {
    String code = S3Failures.errorCode(e);
    return "NoSuchKey".equals(code) || (S3Failures.status(e) == 404 && code.isEmpty());
  }
}
