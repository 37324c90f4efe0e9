package dev.llmux.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the load driver's CSV into a Markdown table per scenario, with each target's ratio to the
 * {@code direct} run of the same scenario (and its RPS ratio to {@code nginx}) (RPS ratio, added
 * p50/p99 latency, added time to first token). {@code java -cp benchmarks.jar
 * dev.llmux.bench.Report results.csv results.md "caption"}.
 */
public final class Report {
  private Report() {}

  public static void main(String[] args) throws IOException {
    Files.writeString(
        Path.of(args[1]),
        markdown(Files.readAllLines(Path.of(args[0])), args.length > 2 ? args[2] : ""));
  }

  static String markdown(List<String> lines, String caption) {
    String[] header = lines.get(0).split(",", -1);
    Map<String, Integer> col = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      col.put(header[i], i);
    }
    List<String[]> rows = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      if (!l.isBlank()) {
        rows.add(l.split(",", -1));
      }
    }
    StringBuilder md = new StringBuilder();
    if (!caption.isEmpty()) {
      md.append(caption).append("\n\n");
    }
    List<String> scenarios = new ArrayList<>();
    for (String[] r : rows) {
      if (!scenarios.contains(r[col.get("scenario")])) {
        scenarios.add(r[col.get("scenario")]);
      }
    }
    for (String s : scenarios) {
      String[] direct = null;
      String[] nginx = null;
      for (String[] r : rows) {
        if (r[col.get("scenario")].equals(s) && r[col.get("target")].equals("direct")) {
          direct = r;
        }
        if (r[col.get("scenario")].equals(s) && r[col.get("target")].equals("nginx")) {
          nginx = r;
        }
      }
      md.append("### ").append(s).append("\n\n");
      md.append(
          "| target | conns | RPS | x direct | x nginx | errors | mean ms | p50 ms | p99 ms | p99.9 ms | +p50 ms | +p99 ms "
              + "| TTFT p50 | TTFT p99 | +TTFT p50 | CPU ms/req |\n");
      md.append(
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (String[] r : rows) {
        if (!r[col.get("scenario")].equals(s)) {
          continue;
        }
        md.append("| ")
            .append(r[col.get("target")])
            .append(" | ")
            .append(r[col.get("connections")])
            .append(" | ")
            .append(r[col.get("rps")])
            .append(" | ")
            .append(ratio(r, direct, col.get("rps")))
            .append(" | ")
            .append(ratio(r, nginx, col.get("rps")))
            .append(" | ")
            .append(r[col.get("errors")])
            .append(" | ")
            .append(r[col.get("mean_ms")])
            .append(" | ")
            .append(r[col.get("p50_ms")])
            .append(" | ")
            .append(r[col.get("p99_ms")])
            .append(" | ")
            .append(r[col.get("p999_ms")])
            .append(" | ")
            .append(diff(r, direct, col.get("p50_ms")))
            .append(" | ")
            .append(diff(r, direct, col.get("p99_ms")))
            .append(" | ")
            .append(r[col.get("ttft_p50_ms")])
            .append(" | ")
            .append(r[col.get("ttft_p99_ms")])
            .append(" | ")
            .append(diff(r, direct, col.get("ttft_p50_ms")))
            .append(" | ")
            .append(r[col.get("cpu_ms_per_req")])
            .append(" |\n");
      }
      md.append("\n");
    }
    return md.toString();
  }

  private static String ratio(String[] r, String[] direct, int c) {
    if (direct == null
        || r[c].isEmpty()
        || direct[c].isEmpty()
        || Double.parseDouble(direct[c]) == 0) {
      return "";
    }
    return String.format(
        Locale.ROOT, "%.3f", Double.parseDouble(r[c]) / Double.parseDouble(direct[c]));
  }

  private static String diff(String[] r, String[] direct, int c) {
    if (direct == null || r[c].isEmpty() || direct[c].isEmpty()) {
      return "";
    }
    return String.format(
        Locale.ROOT, "%+.3f", Double.parseDouble(r[c]) - Double.parseDouble(direct[c]));
  }
}
