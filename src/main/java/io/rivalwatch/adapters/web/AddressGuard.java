package io.rivalwatch.adapters.web;

import io.rivalwatch.research.FetchException;
import io.rivalwatch.research.TransientFetchException;
import io.rivalwatch.research.PermanentFetchException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Keeps research on the public internet: a host whose name resolves to a loopback, private, carrier-grade NAT,
 * multicast, documentation, benchmarking or other special-purpose address is refused before anything is sent to it,
 * unless {@code rivalwatch.research.allowed-private-hosts} admits it by name or network. A link-local address (where
 * cloud metadata services answer) or a metadata service's address is refused always: nothing admits it. A web page
 * cannot then make research read the company's intranet or the machine's own credentials.
 *
 * <p>Every address a name resolves to is checked, not only the first. Checked just before a request is sent; the
 * HTTP client then resolves the name again, which the JVM answers from its address cache (30 s by default), so a DNS
 * answer that changes in between (rebinding) has a window of microseconds, not of a whole fetch.
 */
public final class AddressGuard {

  /** The property that admits hosts; named in every refusal. */
  public static final String PROPERTY = "rivalwatch.research.allowed-private-hosts";

  /** Resolves a host name to all its addresses (the system resolver; tests may give their own). */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private static final Pattern IPV4_LITERAL =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");
  /**
   * Addresses research never reads, whatever the allow list says: link-local networks (where cloud metadata services
   * answer) and the metadata services' own addresses elsewhere. An entry of the allow list inside one is refused at
   * start; a wider entry (fd00::/8, 100.64.0.0/10) does not admit them.
   */
  private static final List<Network> NEVER_ADMITTED = List.of(
      Network.parse("169.254.0.0/16", "a link-local address, where cloud metadata services answer"),
      Network.parse("fe80::/10", "a link-local address, where cloud metadata services answer"),
      Network.parse("fd00:ec2::254/128", "the AWS instance metadata service's IPv6 address"),
      Network.parse("100.100.100.200/32", "the Alibaba Cloud metadata service's address"),
      Network.parse("168.63.129.16/32", "the Azure platform (wire server) address"));

  /**
   * Not public: every block of the IANA "IPv4 Special-Purpose Address Registry" and "IPv6 Special-Purpose Address
   * Registry" that is not globally reachable, deprecated, or embeds another address (6to4, Teredo, local-use NAT64),
   * plus multicast and the deprecated IPv6 site-local block, which are registered elsewhere. Blocks the registries mark
   * globally reachable (AS112, AMT, 64:ff9b::/96 whose embedded IPv4 address is checked instead) stay readable, except
   * inside a block listed whole here (192.0.0.0/24, 2001::/23), which research has no reason to read.
   */
  private static final List<Network> NOT_PUBLIC = List.of(
      Network.parse("0.0.0.0/8", "an unspecified address (\"this network\")"),
      Network.parse("10.0.0.0/8", "a private address (RFC 1918)"),
      Network.parse("100.64.0.0/10", "a carrier-grade NAT address"),
      Network.parse("127.0.0.0/8", "a loopback address"),
      Network.parse("172.16.0.0/12", "a private address (RFC 1918)"),
      Network.parse("192.0.0.0/24", "an IETF protocol assignment address (RFC 6890)"),
      Network.parse("192.0.2.0/24", "a documentation address (TEST-NET-1)"),
      Network.parse("192.88.99.0/24", "a deprecated 6to4 relay anycast address"),
      Network.parse("192.168.0.0/16", "a private address (RFC 1918)"),
      Network.parse("198.18.0.0/15", "a benchmarking address (RFC 2544)"),
      Network.parse("198.51.100.0/24", "a documentation address (TEST-NET-2)"),
      Network.parse("203.0.113.0/24", "a documentation address (TEST-NET-3)"),
      Network.parse("224.0.0.0/4", "a multicast address"),
      // the broadcast address before the reserved block that contains it: the narrower block names it better
      Network.parse("255.255.255.255/32", "the limited broadcast address"),
      Network.parse("240.0.0.0/4", "a reserved address"),
      Network.parse("::/128", "an unspecified address"),
      Network.parse("::1/128", "a loopback address"),
      Network.parse("64:ff9b:1::/48", "a local-use IPv4/IPv6 translation address (RFC 8215)"),
      Network.parse("100::/64", "a discard-only address (RFC 6666)"),
      Network.parse("100:0:0:1::/64", "a dummy IPv6 prefix address (RFC 9780)"),
      Network.parse("2001::/23", "an IETF protocol assignment address (Teredo, benchmarking, ORCHID...)"),
      Network.parse("2001:db8::/32", "a documentation address"),
      Network.parse("2002::/16", "a 6to4 address, which can carry any IPv4 address"),
      Network.parse("3fff::/20", "a documentation address"),
      Network.parse("5f00::/16", "a segment routing (SRv6) address"),
      Network.parse("fc00::/7", "a unique-local (private) address"),
      Network.parse("fec0::/10", "a site-local (private) address"),
      Network.parse("ff00::/8", "a multicast address"));

  private final Set<String> allowedNames = new TreeSet<>();
  private final List<Network> allowedNetworks = new ArrayList<>();
  private final Resolver resolver;

  /**
   * @param allowed entries of {@value #PROPERTY}: host names ("localhost"), addresses ("127.0.0.1", "::1") or CIDR
   *     networks ("10.1.0.0/16")
   * @throws IllegalArgumentException naming the entry, when one is neither
   */
  public AddressGuard(List<String> allowed, Resolver resolver) {
    this.resolver = resolver;
    for (int i = 0; i < allowed.size(); i++) {
      String entry = allowed.get(i).strip().toLowerCase(Locale.ROOT);
      if (entry.contains("/") || isLiteral(entry)) {
        Network network;
        try {
          network = Network.parse(entry, "allowed");
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(PROPERTY + "[" + i + "]: '" + allowed.get(i) + "' is not a host name, an "
              + "address or a CIDR network (" + e.getMessage() + "). Fix: e.g. localhost, 127.0.0.1 or 10.1.0.0/16.");
        }
        Optional<String> never = NEVER_ADMITTED.stream().filter(n -> n.covers(network)).map(Network::kind).findFirst();
        if (never.isPresent()) {
          throw new IllegalArgumentException(PROPERTY + "[" + i + "]: '" + allowed.get(i) + "' is " + never.get()
              + ", which research never reads. Fix: remove this entry.");
        }
        allowedNetworks.add(network);
      } else if (entry.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
        allowedNames.add(entry);
      } else {
        throw new IllegalArgumentException(PROPERTY + "[" + i + "]: '" + allowed.get(i) + "' is not a host name, an "
            + "address or a CIDR network. Fix: e.g. localhost, 127.0.0.1 or 10.1.0.0/16.");
      }
    }
  }

  /** A guard with the system resolver. */
  public AddressGuard(List<String> allowed) {
    this(allowed, InetAddress::getAllByName);
  }

  /**
   * Refuses the host of {@code target} unless every address it resolves to is public or admitted.
   *
   * @param address the address the caller asked for, for the exception
   * @throws PermanentFetchException when a resolved address is not public and not admitted
   * @throws TransientFetchException when the host cannot be resolved now
   */
  public void check(URI target, String address) throws FetchException {
    String host = host(target);
    InetAddress[] addresses;
    try {
      // an admitted name is resolved too: no name admits a link-local or metadata address
      addresses = isLiteral(host) ? new InetAddress[] {literal(host)} : resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new TransientFetchException(address, "host not found", e);
    }
    for (InetAddress resolved : addresses) {
      String resolves = isLiteral(host) ? "address " + host + " is"
          : host + " resolves to " + resolved.getHostAddress() + ",";
      Optional<String> never = neverAdmitted(resolved);
      if (never.isPresent()) {
        // no fix names the allow list here: admitting it would let a web page read the machine's credentials
        throw new PermanentFetchException(address, "refused: " + resolves + " " + never.get()
            + "; research never reads link-local or cloud metadata addresses. Fix: remove this address from the "
            + "run's sources");
      }
      Optional<String> kind = notPublic(resolved);
      if (kind.isPresent() && !allowedNames.contains(host)
          && allowedNetworks.stream().noneMatch(n -> n.contains(resolved))) {
        throw new PermanentFetchException(address, "refused: " + resolves + " " + kind.get()
            + "; research reads public addresses only. Fix: if this host is meant to be read, add "
            + host + " (or its network in CIDR) to " + PROPERTY);
      }
    }
  }

  /** What kind of not-public address this is ("a loopback address"...), or empty for a public one. */
  public static Optional<String> notPublic(InetAddress address) {
    Optional<String> never = neverAdmitted(address);
    if (never.isPresent()) {
      return never;
    }
    InetAddress effective = embeddedIpv4(address).orElse(address);
    return NOT_PUBLIC.stream().filter(n -> n.contains(effective) || n.contains(address)).map(Network::kind)
        .findFirst();
  }

  /** Link-local or a cloud metadata service's address (also inside an IPv6 address that carries IPv4). */
  private static Optional<String> neverAdmitted(InetAddress address) {
    InetAddress effective = embeddedIpv4(address).orElse(address);
    return NEVER_ADMITTED.stream().filter(n -> n.contains(effective) || n.contains(address)).map(Network::kind)
        .findFirst();
  }

  /** The host of a URI in lower case, without the brackets of an IPv6 literal. */
  static String host(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static boolean isLiteral(String host) {
    return IPV4_LITERAL.matcher(host).matches() || IPV6_LITERAL.matcher(host).matches();
  }

  /** The address a literal stands for; never asks DNS (only literals get here: the JDK parses them as text). */
  private static InetAddress literal(String host) throws UnknownHostException {
    if (!isLiteral(host)) {
      throw new UnknownHostException(host + " is not an IP address");
    }
    return InetAddress.getByName(host);
  }

  /** The IPv4 address inside an IPv4-compatible (::a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address. */
  private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return Optional.empty();
    }
    byte[] b = address.getAddress();
    boolean compatible = true;
    for (int i = 0; i < 12; i++) {
      compatible &= b[i] == 0;
    }
    boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xFF) == 0xff && (b[3] & 0xFF) == 0x9b;
    for (int i = 4; i < 12; i++) {
      nat64 &= b[i] == 0;
    }
    // :: and ::1 are themselves, not 0.0.0.0 and 0.0.0.1
    boolean unspecifiedOrLoopback = compatible && b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1);
    if ((compatible && !unspecifiedOrLoopback) || nat64) {
      try {
        return Optional.of(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
      } catch (UnknownHostException e) {
        throw new IllegalStateException("four bytes are an IPv4 address", e);
      }
    }
    return Optional.empty();
  }

  /** An address range in CIDR notation; an address alone is a range of one. */
  private record Network(byte[] prefix, int bits, String kind) {

    static Network parse(String cidr, String kind) {
      int slash = cidr.indexOf('/');
      String literal = slash < 0 ? cidr : cidr.substring(0, slash);
      byte[] bytes;
      try {
        bytes = literal(literal).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("'" + literal + "' is not an IP address");
      }
      int bits = bytes.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("the prefix length after '/' is not a number");
        }
        if (bits < 0 || bits > bytes.length * 8) {
          throw new IllegalArgumentException("the prefix length must be 0 to " + bytes.length * 8);
        }
      }
      return new Network(bytes, bits, kind);
    }

    /** Whether every address of {@code other} is in this network. */
    boolean covers(Network other) {
      if (other.prefix.length != prefix.length || other.bits < bits) {
        return false;
      }
      try {
        return contains(InetAddress.getByAddress(other.prefix));
      } catch (UnknownHostException e) {
        throw new IllegalStateException("a parsed network's prefix is an address", e);
      }
    }

    boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != prefix.length) {
        return false;
      }
      for (int bit = 0; bit < bits; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((candidate[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
