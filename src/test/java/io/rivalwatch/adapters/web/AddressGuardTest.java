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
        Map.entry("http://169.254.169.254/latest/meta-data/", "a link-local address, where cloud metadata services answer"),
        Map.entry("http://[fe80::1]/", "a link-local address"),
        Map.entry("http://[fd12:3456::1]/", "a unique-local (private) address"),
        Map.entry("http://100.64.0.1/", "a carrier-grade NAT address"),
        Map.entry("http://0.0.0.0/", "an unspecified address"),
        Map.entry("http://[::]/", "an unspecified address"),
        Map.entry("http://224.0.0.251/", "a multicast address"),
        Map.entry("http://[ff02::1]/", "a multicast address"),
        // an IPv4 address dressed as IPv6 is still that address
        Map.entry("http://[::ffff:10.0.0.1]/", "a private address (RFC 1918)"),
        Map.entry("http://[64:ff9b::a9fe:a9fe]/", "a link-local address, where cloud metadata services answer"));

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
    check(guard("169.254.169.254"), "http://169.254.169.254/");
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
