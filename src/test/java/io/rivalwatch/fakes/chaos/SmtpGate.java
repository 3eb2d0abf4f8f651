package io.rivalwatch.fakes.chaos;

import io.rivalwatch.fakes.chaos.FaultPlan.Injection;
import io.rivalwatch.fakes.chaos.FaultPlan.Service;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny TCP proxy in front of an SMTP server (GreenMail in tests) that can refuse connections: the application
 * talks to the gate ({@link #properties()}), the gate forwards every connection it lets through, byte for byte.
 *
 * <p>A refused connection is either greeted with {@code 421 4.3.2 Service not available} and closed
 * ({@link FaultKind#SMTP_SERVICE_NOT_AVAILABLE}) or closed at once ({@link FaultKind#CONNECTION_CLOSED}). Either way
 * Jakarta Mail fails to connect with a MessagingException, Spring's JavaMailSender throws a MailSendException
 * ("Mail server connection failed") and rivalwatch's SmtpMailer classifies it TRANSIENT. JavaMailSender opens one
 * connection per {@code send}, so refusing N connections fails N sends.
 *
 * <p>What is refused: the next {@link #refuseNext N} connections, then, if a {@link FaultPlan} is installed, each
 * connection the plan draws a fault for (service {@link Service#SMTP}, operation "connect", one request key for all
 * connections, so the plan's consecutive cap bounds refusals in a row). Every refusal, forced or drawn, is in the
 * plan's ledger when a plan is installed. Without refusals asked for or a plan (the default), the gate forwards all.
 */
public final class SmtpGate implements AutoCloseable {

  static final String OPERATION = "connect";
  static final String KEY = "smtp";

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();

  // guarded by this
  private int refuseNext;
  private FaultKind refusal = FaultKind.SMTP_SERVICE_NOT_AVAILABLE;
  private FaultPlan plan;

  private SmtpGate(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
    this.acceptor = new Thread(this::acceptLoop, "smtp-gate-" + server.getLocalPort());
    this.acceptor.setDaemon(true);
  }

  /** A gate on a free loopback port, forwarding to the SMTP server at host:port. */
  public static SmtpGate start(String targetHost, int targetPort) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      SmtpGate gate = new SmtpGate(server, new InetSocketAddress(targetHost, targetPort));
      gate.acceptor.start();
      return gate;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the SMTP gate", e);
    }
  }

  public String host() {
    return server.getInetAddress().getHostAddress();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code spring.mail.host} and {@code spring.mail.port} pointing at the gate. */
  public Map<String, Object> properties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.mail.host", host());
    p.put("spring.mail.port", port());
    return p;
  }

  /** The next {@code connections} connection attempts are refused (added to any still pending). */
  public synchronized SmtpGate refuseNext(int connections) {
    if (connections < 0) {
      throw new IllegalArgumentException("connections must not be negative, was " + connections);
    }
    refuseNext += connections;
    return this;
  }

  /** How {@link #refuseNext} refuses: {@link FaultKind#SMTP_SERVICE_NOT_AVAILABLE} (the default) or CONNECTION_CLOSED. */
  public synchronized SmtpGate refuseWith(FaultKind kind) {
    if (!Service.SMTP.supported().contains(kind)) {
      throw new IllegalArgumentException("an SMTP gate refuses with " + Service.SMTP.supported() + ", not " + kind);
    }
    refusal = kind;
    return this;
  }

  /** Connections may also be refused as the plan draws; null removes the plan (pending refusals stay). */
  public synchronized SmtpGate faults(FaultPlan plan) {
    this.plan = plan;
    return this;
  }

  public synchronized FaultPlan faults() {
    return plan;
  }

  /** Forgets pending refusals and the counts; the plan stays. */
  public synchronized void reset() {
    refuseNext = 0;
    attempts.set(0);
    refused.set(0);
    forwarded.set(0);
  }

  /** Connection attempts the gate accepted, refused or not. */
  public int attempts() {
    return attempts.get();
  }

  /** Connections refused. */
  public int refused() {
    return refused.get();
  }

  /** Connections forwarded to the server. */
  public int forwarded() {
    return forwarded.get();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    open.forEach(SmtpGate::closeQuietly);
    try {
      acceptor.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      attempts.incrementAndGet();
      Optional<FaultKind> refusal = decide();
      if (refusal.isPresent()) {
        refused.incrementAndGet();
        refuse(client, refusal.get());
      } else {
        forward(client);
      }
    }
  }

  private synchronized Optional<FaultKind> decide() {
    if (refuseNext > 0) {
      refuseNext--;
      if (plan != null) {
        plan.record(Service.SMTP, OPERATION, KEY, refusal);
      }
      return Optional.of(refusal);
    }
    if (plan == null) {
      return Optional.empty();
    }
    return plan.draw(Service.SMTP, OPERATION, KEY).map(Injection::kind);
  }

  private static void refuse(Socket client, FaultKind kind) {
    try (client) {
      if (kind == FaultKind.SMTP_SERVICE_NOT_AVAILABLE) {
        OutputStream out = client.getOutputStream();
        out.write(("421 " + kind.message() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    } catch (IOException ignored) {
      // the client left first: refused all the same
    }
  }

  private void forward(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(target, 5_000);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return; // the client sees a closed connection, as it would without the gate
    }
    forwarded.incrementAndGet();
    open.add(client);
    open.add(upstream);
    AtomicInteger directions = new AtomicInteger(2);
    pump(client, upstream, directions, "up");
    pump(upstream, client, directions, "down");
  }

  /**
   * Copies bytes from one socket to the other. At the end of the stream it passes the end on (half-close), so what
   * the other side still sends arrives; when both directions ended, or on an error, it closes both sockets.
   */
  private void pump(Socket from, Socket to, AtomicInteger directions, String direction) {
    Thread thread = new Thread(() -> {
      boolean clean = false;
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          out.flush();
        }
        to.shutdownOutput();
        clean = true;
      } catch (SocketException closed) {
        // the other direction or close() ended the connection
      } catch (IOException ignored) {
        // as above
      } finally {
        if (directions.decrementAndGet() == 0 || !clean) {
          closeQuietly(from);
          closeQuietly(to);
          open.remove(from);
          open.remove(to);
        }
      }
    }, "smtp-gate-" + port() + "-" + direction);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
