package io.rivalwatch.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks in miniature, so they cannot rot: every scenario runs once with two competitors and short
 * latencies, and the figures obey what must hold whatever the machine.
 */
class BenchmarkSmokeTest {

  @Test
  void everyScenarioRunsAndItsFiguresHoldTogether() {
    Benchmarks.Plan plan = new Benchmarks.Plan(List.of(2, 4), List.of(1, 2), 2, 1, Latencies.REALISTIC.scaled(0.02),
        List.of("matched", "makespan", "overhead", "concurrency", "cost"));

    Benchmarks.runTimeout = java.time.Duration.ofMinutes(1);
    Results results = Benchmarks.run(plan);
    System.out.println(results.table());

    // no run is shorter than its lower bound: the bound only counts waiting for the fakes
    for (String size : List.of("2 competitors", "4 competitors")) {
      assertThat(results.row("makespan", size, "ratio to bound").median()).isGreaterThanOrEqualTo(1.0);
      assertThat(results.row("overhead", size, "jobs per second").median()).isPositive();
      // the handlers' own CPU is measured (on the virtual threads' carriers) and is part of the whole JVM's
      assertThat(results.row("overhead", size, "application CPU per job").median()).isPositive()
          .isLessThan(results.row("overhead", size, "JVM CPU per job (engine too)").median());
      // per run and per job are the same CPU over the same sample
      assertThat(results.row("overhead", size, "application CPU per run").median()).isCloseTo(
          results.row("overhead", size, "application CPU per job").median()
              * results.row("overhead", size, "jobs").median(), org.assertj.core.data.Percentage.withPercentage(1));
      assertThat(results.row("matched", size, "tail after last analysis").median()).isPositive();
      // nor shorter than B(n) with the outside world's own limits, which no orchestration can beat
      assertThat(results.row("matched", size, "ratio to B(n)").median()).isGreaterThanOrEqualTo(1.0);
      assertThat(results.row("matched", size, "job created to worker p95").median()).isNotNegative();
      // the application's default: every job handler on a virtual thread of its own
      assertThat(results.row("matched", size, "jobs on virtual threads").median()).isEqualTo(100.0);
    }
    // equal work per overhead sample: two runs of 2 competitors against one of 4
    assertThat(results.row("overhead", "2 competitors", "runs per sample").median()).isEqualTo(2.0);
    assertThat(results.row("overhead", "4 competitors", "runs per sample").median()).isEqualTo(1.0);
    assertThat(results.row("overhead", "2 competitors", "jobs per second, each run").samples()).hasSize(2);
    // the sizes compared turn by turn: the larger's jobs per second over the smaller's in the same turn
    assertThat(results.row("overhead", "4 against 2", "jobs per second, ratio").median()).isCloseTo(
        results.row("overhead", "4 competitors", "jobs per second").median()
            / results.row("overhead", "2 competitors", "jobs per second").median(),
        org.assertj.core.data.Percentage.withPercentage(0.1));
    // a competitor's variables do not grow with the number of competitors
    assertThat(results.row("size", "4 competitors", "variables of a competitor").median())
        .isEqualTo(results.row("size", "2 competitors", "variables of a competitor").median());
    assertThat(results.row("concurrency", "2 x 2 competitors", "runs per second").median()).isPositive();
    // a second run over unchanged sources asks the model nothing: its analyses and its summary are reused
    assertThat(results.row("cost", "first run (2)", "model calls").median()).isEqualTo(2 * 3 + 1);
    assertThat(results.row("cost", "second run, unchanged (2)", "model calls").median()).isZero();
  }
}
