package io.rivalwatch.adapters.agentcore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rivalwatch.fakes.AgentCoreFake;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;
import software.amazon.awssdk.services.bedrockagentcore.model.Content;
import software.amazon.awssdk.services.bedrockagentcore.model.ListEventsResponse;
import software.amazon.awssdk.services.bedrockagentcore.model.PayloadType;
import software.amazon.awssdk.services.bedrockagentcore.model.Role;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ListMemoriesResponse;

/**
 * The fake itself, over raw HTTP where the point is what the SDK would not catch (it sends whatever the builder
 * holds, required or not), and through the SDK where the point is that the SDK understands its answers.
 */
class AgentCoreFakeTest {

  /** A SigV4-shaped header: the fake checks the scope, not the signature. */
  private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=AKIDFAKE/20250101/us-east-1/"
      + "bedrock-agentcore/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private AgentCoreFake fake;
  private String memoryId;

  @BeforeAll
  static void credentials() {
    AgentCoreFake.useDummyCredentials();
  }

  @BeforeEach
  void startFake() {
    fake = AgentCoreFake.start();
    memoryId = fake.createMemory("rivalwatch");
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  @Test
  void rejectsCreateEventWithoutSessionIdNamingTheField() throws Exception {
    HttpResponse<String> response = postEvent("""
        {"actorId":"competitors/acme","eventTimestamp":1735689600,
         "payload":[{"conversational":{"content":{"text":"Acme raised prices"},"role":"ASSISTANT"}}]}""");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("ValidationException");
    assertThat(JSON.readTree(response.body()).get("message").asText()).contains("'sessionId'");
    assertThat(fake.events()).isEmpty();
  }

  @Test
  void rejectsEachMissingRequiredFieldAndATimestampSentAsAString() throws Exception {
    String payload = "[{\"conversational\":{\"content\":{\"text\":\"t\"},\"role\":\"ASSISTANT\"}}]";
    assertThat(messageOf(postEvent("{\"sessionId\":\"run-1-research\",\"eventTimestamp\":1,\"payload\":" + payload
        + "}"))).contains("'actorId'");
    assertThat(messageOf(postEvent("{\"actorId\":\"runs\",\"sessionId\":\"run-1\",\"payload\":" + payload + "}")))
        .contains("'eventTimestamp'");
    assertThat(messageOf(postEvent("{\"actorId\":\"runs\",\"sessionId\":\"run-1\",\"eventTimestamp\":1}")))
        .contains("'payload'");
    assertThat(messageOf(postEvent("{\"actorId\":\"runs\",\"sessionId\":\"run-1\","
        + "\"eventTimestamp\":\"2025-01-01T00:00:00Z\",\"payload\":" + payload + "}")))
        .contains("eventTimestamp must be a number");
    assertThat(messageOf(postEvent("{\"actorId\":\"runs\",\"sessionId\":\"run 1\",\"eventTimestamp\":1,"
        + "\"payload\":" + payload + "}"))).contains("'sessionId'").contains("pattern");
    assertThat(fake.events()).isEmpty();
  }

  @Test
  void aRepeatedClientTokenReturnsTheFirstEventAndStoresNothing() throws Exception {
    String body = """
        {"actorId":"runs","sessionId":"run-1-planning","eventTimestamp":1735689600.5,"clientToken":"token-1",
         "payload":[{"conversational":{"content":{"text":"Run planned"},"role":"ASSISTANT"}}]}""";
    JsonNode first = JSON.readTree(postEvent(body).body());
    JsonNode second = JSON.readTree(postEvent(body.replace("Run planned", "Something else")).body());

    assertThat(second.at("/event/eventId").asText()).isEqualTo(first.at("/event/eventId").asText());
    assertThat(second.at("/event/payload/0/conversational/content/text").asText()).isEqualTo("Run planned");
    assertThat(fake.events()).hasSize(1);
    assertThat(fake.clientTokens()).containsExactly("token-1", "token-1");
  }

  @Test
  void unknownMemoryIsResourceNotFoundAndUnsignedRequestsAreRefused() throws Exception {
    HttpResponse<String> unknown = send(HttpRequest.newBuilder(fake.dataEndpoint().resolve(
            "/memories/missing-0123456789/retrieve"))
        .header("Authorization", AUTHORIZATION)
        .POST(HttpRequest.BodyPublishers.ofString("{\"namespace\":\"runs\",\"searchCriteria\":{\"searchQuery\":\"x\"}}"))
        .build());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");

    HttpResponse<String> unsigned = send(HttpRequest.newBuilder(fake.controlEndpoint().resolve(
        "/memories/" + memoryId + "/details")).GET().build());
    assertThat(unsigned.statusCode()).isEqualTo(403);
  }

  @Test
  void theSdkListsEventsOfAnActorWhoseIdHasASlash() {
    try (BedrockAgentCoreClient client = AgentCoreClients.dataPlane(properties())) {
      for (String text : new String[] {"Acme Pro plan costs $49", "Acme launched an API"}) {
        client.createEvent(r -> r.memoryId(memoryId).actorId("competitors/acme").sessionId("run-1-research")
            .eventTimestamp(Instant.parse("2025-01-01T00:00:00Z"))
            .payload(PayloadType.fromConversational(c -> c.content(Content.fromText(text)).role(Role.ASSISTANT))));
      }
      ListEventsResponse listed = client.listEvents(r -> r.memoryId(memoryId).actorId("competitors/acme")
          .sessionId("run-1-research"));

      assertThat(listed.events()).hasSize(2);
      assertThat(listed.events().get(0).payload().get(0).conversational().content().text())
          .isEqualTo("Acme Pro plan costs $49");
      assertThat(listed.events().get(0).eventTimestamp()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
      assertThat(client.listEvents(r -> r.memoryId(memoryId).actorId("competitors/acme").sessionId("run-2-research"))
          .events()).isEmpty();
    }
    assertThat(fake.requests("ListEvents").get(0).path()).contains("competitors%2Facme");
  }

  @Test
  void retrieveTreatsTheNamespaceAsAPrefixAndRanksBySharedWords() {
    try (BedrockAgentCoreClient client = AgentCoreClients.dataPlane(properties())) {
      record(client, "competitors/acme", "Acme Pro plan costs $49 per month");
      record(client, "competitors/acme", "Acme hired a new chief executive");
      record(client, "competitors/acme-corp", "Acme Corp plan costs more");
      record(client, "competitors/globex", "Globex plan costs $10");

      var found = client.retrieveMemoryRecords(r -> r.memoryId(memoryId).namespace("competitors/acme")
          .searchCriteria(c -> c.searchQuery("what does the plan cost?").topK(10))).memoryRecordSummaries();

      assertThat(found).isNotEmpty();
      assertThat(found).allSatisfy(s -> assertThat(s.namespaces().get(0)).startsWith("competitors/acme"));
      assertThat(found).anySatisfy(s -> assertThat(s.namespaces()).containsExactly("competitors/acme-corp"));
      assertThat(found.get(0).content().text()).contains("plan costs");
      assertThat(found).noneSatisfy(s -> assertThat(s.content().text()).contains("Globex"));
      assertThat(found).extracting(s -> s.score()).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }
  }

  @Test
  void createMemoryIsIdempotentByClientTokenAndListMemoriesPages() {
    try (BedrockAgentCoreControlClient control = AgentCoreClients.controlPlane(properties())) {
      String first = control.createMemory(r -> r.name("other").eventExpiryDuration(30).clientToken("t-1"))
          .memory().id();
      String again = control.createMemory(r -> r.name("other").eventExpiryDuration(30).clientToken("t-1"))
          .memory().id();
      assertThat(again).isEqualTo(first);
      assertThat(first).matches("other-[a-zA-Z0-9]{10}");

      ListMemoriesResponse page = control.listMemories(r -> r.maxResults(1));
      assertThat(page.memories()).hasSize(1);
      assertThat(page.nextToken()).isNotNull();
      assertThat(control.listMemoriesPaginator(r -> r.maxResults(1)).memories())
          .extracting(m -> m.id()).containsExactlyInAnyOrder(memoryId, first);
    }
  }

  @Test
  void injectedFaultsAnswerTheNextCallsThenTheServiceRecovers() throws Exception {
    fake.throttleNext("CreateEvent", 1);
    String body = """
        {"actorId":"runs","sessionId":"run-1","eventTimestamp":1,
         "payload":[{"conversational":{"content":{"text":"t"},"role":"ASSISTANT"}}]}""";

    HttpResponse<String> throttled = postEvent(body);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("x-amzn-ErrorType")).hasValue("ThrottlingException");
    assertThat(throttled.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(fake.events()).isEmpty();

    assertThat(postEvent(body).statusCode()).isEqualTo(200);
    assertThat(fake.events()).hasSize(1);
  }

  private void record(BedrockAgentCoreClient client, String actor, String text) {
    client.createEvent(r -> r.memoryId(memoryId).actorId(actor).sessionId("run-1-research")
        .eventTimestamp(Instant.parse("2025-01-01T00:00:00Z"))
        .payload(PayloadType.fromConversational(c -> c.content(Content.fromText(text)).role(Role.ASSISTANT))));
  }

  private AgentCoreProperties properties() {
    return AgentCoreProperties.defaults().withEndpoints(fake.dataEndpoint(), fake.controlEndpoint())
        .withMemoryId(memoryId);
  }

  private HttpResponse<String> postEvent(String body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(fake.dataEndpoint().resolve("/memories/" + memoryId + "/events"))
        .header("Content-Type", "application/json")
        .header("Authorization", AUTHORIZATION)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build());
  }

  private static String messageOf(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("ValidationException");
    return JSON.readTree(response.body()).get("message").asText();
  }

  private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
