package io.rivalwatch.synthesis;

import io.rivalwatch.baseline.Baselines.BaselineRun;
import io.rivalwatch.text.MarkdownText;
import java.util.List;
import java.util.Optional;

/**
 * "What changed since the last delivered report" as the review form shows it (variable {@code reportChanges}): the
 * baseline it compares with, then per competitor its first few lines, cut to a fixed number of lines and characters
 * whatever the number of competitors, with how many more the full report has. The lines are the report's own, already
 * escaped where they quote pages ({@link ChangeTracker}); names are escaped here.
 */
final class ReviewFormChanges {

  static final int MAX_LINES = 20;
  static final int MAX_LINES_PER_COMPETITOR = 4;
  static final int MAX_CHARS = 3000;

  private ReviewFormChanges() {}

  static String of(String watchList, Optional<BaselineRun> baseline, List<CompetitorSection> sections) {
    StringBuilder md = new StringBuilder(baseline
        .map(b -> "Compared with " + b.describe() + ", the last report delivered for watch list "
            + MarkdownText.escape(watchList) + ".")
        .orElse("No report of watch list " + MarkdownText.escape(watchList)
            + " has been delivered yet: nothing earlier to compare with."))
        .append("\n\n");
    int shown = 0;
    int left = 0;
    for (CompetitorSection section : sections) {
      List<String> lines = section.changes();
      int take = Math.min(lines.size(), Math.min(MAX_LINES_PER_COMPETITOR, MAX_LINES - shown));
      String heading = "**" + MarkdownText.escape(section.name()) + "**\n\n";
      if (take <= 0 || md.length() + heading.length() + lines.get(0).length() + 3 > MAX_CHARS) {
        left += lines.size();
        continue;
      }
      md.append(heading);
      int taken = 0;
      for (String line : lines.subList(0, take)) {
        if (md.length() + line.length() + 3 > MAX_CHARS) {
          break;
        }
        md.append("- ").append(line).append('\n');
        taken++;
      }
      md.append('\n');
      shown += taken;
      left += lines.size() - taken;
    }
    if (left > 0) {
      md.append(left).append(left == 1 ? " more line" : " more lines").append(" in the full report.\n");
    }
    return md.toString();
  }
}
