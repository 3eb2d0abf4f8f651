package io.rivalwatch.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.research.FetchException;
import io.rivalwatch.research.TransientFetchException;
import io.rivalwatch.research.PermanentFetchException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The address guard alone: no request is sent anywhere. Literal addresses are parsed without DNS; names come from a
 * resolver of the test's own, so nothing here depends on the network.
 */
class AddressGuardTest {

  private static final Map<String, String[]> NAMES = Map.of(
      "www.example.com", new String[] {"93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"},
      "intranet.test", new String[] {"10.1.2.3"},
      "metadata.test", new String[] {"169.254.169.254"},
      "mixed.test", new String[] {"93.184.215.14", "192.168.1.20"},
      "localhost", new String[] {"127.0.0.1", "::1"});

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    String[] literals = NAMES.get(host);
    if (literals == null) {
      throw new UnknownHostException(host);
    }
    InetAddress[] addresses = new InetAddress[literals.length];
    for (int i = 0; i < literals.length; i++) {
      addresses[i] = InetAddress.getByName(literals[i]);
    }
    return addresses;
  }

  private static AddressGuard guard(String... allowed) {
    return new AddressGuard(List.of(allowed), AddressGuardTest::resolve);
  }

  private static void check(AddressGuard guard, String url) throws FetchException {
    guard.check(URI.create(url), url);
  }

  @Test
  void refusesEveryKindOfAddressThatIsNotPublic() {
    AddressGuard guard = guard();
    Map<String, String> refused = Map.ofEntries(
        Map.entry("http://127.0.0.1:8080/", "a loopback address"),
        Map.entry("http://127.45.0.9/", "a loopback address"),
        Map.entry("http://[::1]/", "a loopback address"),
        Map.entry("http://10.0.0.1/", "a private address (RFC 1918)"),
        Map.entry("http://172.20.3.4/", "a private address (RFC 1918)"),
        Map.entry("http://192.168.0.10/", "a private address (RFC 1918)"),
        Map.entry("http://[fd12:3456::1]/", "a unique-local (private) address"),
        Map.entry("http://100.64.0.1/", "a carrier-grade NAT address"),
        Map.entry("http://0.0.0.0/", "an unspecified address"),
        Map.entry("http://[::]/", "an unspecified address"),
        Map.entry("http://224.0.0.251/", "a multicast address"),
        Map.entry("http://[ff02::1]/", "a multicast address"),
        // an IPv4 address dressed as IPv6 is still that address
        Map.entry("http://[::ffff:10.0.0.1]/", "a private address (RFC 1918)"),
        Map.entry("http://[64:ff9b::a00:1]/", "a private address (RFC 1918)"));

    refused.forEach((url, kind) -> assertThatThrownBy(() -> check(guard, url))
        .as(url)
        .isInstanceOfSatisfying(PermanentFetchException.class, e -> assertThat(e.reason())
            .startsWith("refused: address ")
            .contains(kind)
            .contains("add ", "rivalwatch.research.allowed-private-hosts")));
  }

  @Test
  void theRefusalNamesTheHostTheAddressAndThePropertyToSet() {
    assertThatThrownBy(() -> check(guard(), "http://intranet.test/wiki"))
        .isInstanceOf(PermanentFetchException.class)
        .hasMessage("http://intranet.test/wiki: refused: intranet.test resolves to 10.1.2.3, a private address "
            + "(RFC 1918); research reads public addresses only. Fix: if this host is meant to be read, add "
            + "intranet.test (or its network in CIDR) to rivalwatch.research.allowed-private-hosts");
    assertThatThrownBy(() -> check(guard(), "http://metadata.test/latest/meta-data/iam/"))
        .isInstanceOf(PermanentFetchException.class)
        .hasMessageContaining("metadata.test resolves to 169.254.169.254, a link-local address");
  }

  @Test
  void publicAddressesPass() {
    AddressGuard guard = guard();

    assertThatCode(() -> check(guard, "https://www.example.com/pricing")).doesNotThrowAnyException();
    assertThatCode(() -> check(guard, "http://93.184.215.14/")).doesNotThrowAnyException();
    assertThatCode(() -> check(guard, "http://[2606:4700:4700::1111]/")).doesNotThrowAnyException();
  }

  @Test
  void aNameIsRefusedWhenAnyOfItsAddressesIsNotPublic() {
    assertThatThrownBy(() -> check(guard(), "http://mixed.test/"))
        .isInstanceOf(PermanentFetchException.class)
        .hasMessageContaining("mixed.test resolves to 192.168.1.20, a private address");
  }

  @Test
  void theAllowListAdmitsByNameAddressOrNetworkAndNothingElse() throws Exception {
    check(guard("localhost"), "http://localhost:8080/");
    check(guard("LOCALHOST"), "http://LocalHost:8080/");
    check(guard("127.0.0.1", "::1"), "http://localhost:8080/");
    check(guard("10.1.0.0/16"), "http://intranet.test/");
    check(guard("fd00::/8"), "http://[fd12:3456::1]/");

    assertThatThrownBy(() -> check(guard("127.0.0.1"), "http://localhost:8080/"))
        .as("localhost is also ::1, which is not admitted")
        .hasMessageContaining("localhost resolves to 0:0:0:0:0:0:0:1, a loopback address");
    assertThatThrownBy(() -> check(guard("10.2.0.0/16"), "http://intranet.test/"))
        .hasMessageContaining("10.1.2.3");
    assertThatThrownBy(() -> check(guard("localhost"), "http://127.0.0.1/"))
        .as("a name admits that name, not its addresses under another name")
        .hasMessageContaining("address 127.0.0.1 is a loopback address");
  }

  /** The blocks taken from the IANA IPv4 and IPv6 Special-Purpose Address Registries, one address of each. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      198.18.0.1          | a benchmarking address (RFC 2544)
      198.19.255.254      | a benchmarking address (RFC 2544)
      192.0.0.8           | an IETF protocol assignment address (RFC 6890)
      192.0.0.170         | an IETF protocol assignment address (RFC 6890)
      192.0.2.10          | a documentation address (TEST-NET-1)
      198.51.100.7        | a documentation address (TEST-NET-2)
      203.0.113.99        | a documentation address (TEST-NET-3)
      192.88.99.1         | a deprecated 6to4 relay anycast address
      255.255.255.255     | the limited broadcast address
      [2002:a00:1::1]     | a 6to4 address, which can carry any IPv4 address
      [2002:c0a8:101::]   | a 6to4 address, which can carry any IPv4 address
      [64:ff9b:1::a00:1]  | a local-use IPv4/IPv6 translation address (RFC 8215)
      [64:ff9b:1:ffff::1] | a local-use IPv4/IPv6 translation address (RFC 8215)
      [100::1]            | a discard-only address (RFC 6666)
      [100:0:0:1::5]      | a dummy IPv6 prefix address (RFC 9780)
      [2001::1]           | an IETF protocol assignment address (Teredo, benchmarking, ORCHID...)
      [2001:2::9]         | an IETF protocol assignment address (Teredo, benchmarking, ORCHID...)
      [2001:db8::1]       | a documentation address
      [3fff::1]           | a documentation address
      [5f00::1]           | a segment routing (SRv6) address
      [fec0::1]           | a site-local (private) address
      """)
  void refusesTheSpecialPurposeBlocksOfTheIanaRegistries(String host, String kind) {
    String url = "http://" + host + "/";
    assertThatThrownBy(() -> check(guard(), url))
        .isInstanceOfSatisfying(PermanentFetchException.class, e -> assertThat(e.reason())
            .isEqualTo("refused: address " + host.replace("[", "").replace("]", "") + " is " + kind
                + "; research reads public addresses only. Fix: if this host is meant to be read, add "
                + host.replace("[", "").replace("]", "") + " (or its network in CIDR) to "
                + AddressGuard.PROPERTY));
  }

  @Test
  void neighboursOfTheNewBlocksStayPublic() throws Exception {
    AddressGuard guard = guard();
    // just outside 198.18.0.0/15, 192.0.0.0/24, 2002::/16 and 64:ff9b:1::/48, and an AS112 address (globally reachable)
    for (String url : List.of("http://198.17.255.255/", "http://198.20.0.1/", "http://192.0.1.1/",
        "http://[2003::1]/", "http://[64:ff9b:2::1]/", "http://192.31.196.1/", "http://[64:ff9b::5db8:d70e]/")) {
      assertThatCode(() -> check(guard, url)).as(url).doesNotThrowAnyException();
    }
  }

  /** Link-local and metadata addresses: refused with a fix that never points at the allow list. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      http://169.254.169.254/latest/meta-data/ | address 169.254.169.254 is a link-local address, where cloud metadata services answer
      http://169.254.1.1/                      | address 169.254.1.1 is a link-local address, where cloud metadata services answer
      http://[fe80::1]/                        | address fe80::1 is a link-local address, where cloud metadata services answer
      http://[64:ff9b::a9fe:a9fe]/             | address 64:ff9b::a9fe:a9fe is a link-local address, where cloud metadata services answer
      http://[::ffff:169.254.169.254]/         | address ::ffff:169.254.169.254 is a link-local address, where cloud metadata services answer
      http://[fd00:ec2::254]/                  | address fd00:ec2::254 is the AWS instance metadata service's IPv6 address
      http://100.100.100.200/                  | address 100.100.100.200 is the Alibaba Cloud metadata service's address
      http://168.63.129.16/                    | address 168.63.129.16 is the Azure platform (wire server) address
      http://metadata.test/computeMetadata/v1/ | metadata.test resolves to 169.254.169.254, a link-local address, where cloud metadata services answer
      """)
  void linkLocalAndMetadataAddressesAreRefusedWithoutSuggestingToAdmitThem(String url, String refusal) {
    // even with allow-list entries that would cover them (names, wide networks)
    AddressGuard wide = guard("metadata.test", "fd00::/8", "100.64.0.0/10", "0.0.0.0/0", "::/0");
    for (AddressGuard guard : List.of(guard(), wide)) {
      assertThatThrownBy(() -> check(guard, url))
          .isInstanceOfSatisfying(PermanentFetchException.class, e -> assertThat(e.reason())
              .isEqualTo("refused: " + refusal + "; research never reads link-local or cloud metadata addresses. "
                  + "Fix: remove this address from the run's sources")
              .doesNotContain(AddressGuard.PROPERTY));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"169.254.169.254", "169.254.0.0/16", "169.254.1.0/24", "fe80::1", "fe80::/10",
      "fd00:ec2::254", "100.100.100.200", "168.63.129.16/32"})
  void anAllowListEntryForALinkLocalOrMetadataAddressIsRefusedAtStart(String entry) {
    assertThatThrownBy(() -> guard("localhost", entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("rivalwatch.research.allowed-private-hosts[1]: '" + entry + "' is ")
        .hasMessageEndingWith(", which research never reads. Fix: remove this entry.");
  }

  @Test
  void aHostThatCannotBeResolvedIsATransientFailure() {
    assertThatThrownBy(() -> check(guard(), "http://nowhere.test/"))
        .isInstanceOfSatisfying(TransientFetchException.class, e -> assertThat(e.reason()).isEqualTo("host not found"));
  }

  @Test
  void aBadAllowListEntryIsRefusedWithTheEntryAndTheFix() {
    assertThatThrownBy(() -> guard("localhost", "10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rivalwatch.research.allowed-private-hosts[1]: '10.0.0.0/33' is not a host name, an address or a"
            + " CIDR network (the prefix length must be 0 to 32). Fix: e.g. localhost, 127.0.0.1 or 10.1.0.0/16.");
    assertThatThrownBy(() -> guard("http://intranet.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("rivalwatch.research.allowed-private-hosts[0]: 'http://intranet.example' is not");
    assertThatThrownBy(() -> guard("intranet/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'intranet' is not an IP address");
  }
}
