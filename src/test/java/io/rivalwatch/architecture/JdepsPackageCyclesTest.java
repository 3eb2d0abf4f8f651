package io.rivalwatch.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.RivalwatchApplication;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * A second opinion on the package graph, from the JDK's own dependency tool rather than ArchUnit: runs
 * {@code jdeps -verbose:package -e 'io\.rivalwatch\..*' target/classes} (the command docs/architecture.md gives)
 * and fails when two top-level packages of io.rivalwatch depend on each other, directly or round a loop.
 */
class JdepsPackageCyclesTest {

  /** "   io.rivalwatch.a.b   -> io.rivalwatch.c   classes". */
  private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.rivalwatch\\S*)\\s+->\\s+(io\\.rivalwatch\\S*)\\s");

  @Test
  void noCycleBetweenTopLevelPackagesOfTheBuiltClasses() throws Exception {
    Path classes = Path.of(RivalwatchApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(Files.isDirectory(classes.resolve("io/rivalwatch"))).as("main classes at %s", classes).isTrue();
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError(
        "jdeps is not in this JDK (module jdk.jdeps): run the tests with a full JDK 21+, not a JRE"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true),
        "-verbose:package", "-e", "io\\.rivalwatch\\..*", classes.toString());
    assertThat(status).as("jdeps exit status; its errors: %s", err).isZero();

    Map<String, Set<String>> graph = topLevelGraph(out.toString());

    // the graph was read at all: analysis uses research's documents, adapters implement features' ports
    assertThat(graph).containsKeys("analysis", "adapters", "workflow");
    assertThat(graph.get("analysis")).contains("research");
    assertThat(cycles(graph)).as("cycles between top-level packages in jdeps' graph %s", graph).isEmpty();
  }

  @Test
  void aLoopInTheGraphIsFound() {
    String output = """
        classes -> target/classes
           io.rivalwatch.research.sources   -> io.rivalwatch.adapters.web   classes
           io.rivalwatch.adapters.web       -> io.rivalwatch.research       classes
           io.rivalwatch.planning           -> io.rivalwatch.workflow       classes
           io.rivalwatch.workflow           -> io.rivalwatch.resilience     classes
           io.rivalwatch.resilience         -> io.rivalwatch.planning       classes
           io.rivalwatch.analysis           -> io.rivalwatch.research       classes
        """;

    List<Set<String>> cycles = cycles(topLevelGraph(output));

    assertThat(cycles).containsExactlyInAnyOrder(Set.of("adapters", "research"),
        Set.of("planning", "workflow", "resilience"));
  }

  /** Top-level package (the segment after io.rivalwatch) to the top-level packages it uses. */
  static Map<String, Set<String>> topLevelGraph(String jdepsOutput) {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (String line : jdepsOutput.split("\\R")) {
      Matcher m = EDGE.matcher(line);
      if (m.find()) {
        String from = topLevel(m.group(1));
        String to = topLevel(m.group(2));
        graph.computeIfAbsent(from, k -> new TreeSet<>());
        graph.computeIfAbsent(to, k -> new TreeSet<>());
        if (!from.equals(to)) {
          graph.get(from).add(to);
        }
      }
    }
    return graph;
  }

  private static String topLevel(String pkg) {
    String[] parts = pkg.split("\\.");
    return parts.length > 2 ? parts[2] : "(root)";
  }

  /** The strongly connected groups of more than one package (Tarjan's algorithm): each holds a cycle. */
  static List<Set<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> groups = new ArrayList<>();
    for (String node : graph.keySet()) {
      if (!index.containsKey(node)) {
        connect(node, graph, index, low, stack, onStack, groups);
      }
    }
    return groups.stream().filter(g -> g.size() > 1).toList();
  }

  private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> groups) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      if (!index.containsKey(next)) {
        connect(next, graph, index, low, stack, onStack, groups);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      Set<String> group = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        group.add(member);
      } while (!member.equals(node));
      groups.add(group);
    }
  }
}
