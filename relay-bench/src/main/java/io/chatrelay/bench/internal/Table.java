package io.chatrelay.bench.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A small Markdown table, padded so it also reads well in a terminal. */
public final class Table {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... header) {
    this.header = List.of(header);
  }

  public Table row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object c : cells) {
      row.add(String.valueOf(c));
    }
    rows.add(row);
    return this;
  }

  public void print(PrintStream out) {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> row : rows) {
        width[i] = Math.max(width[i], i < row.size() ? row.get(i).length() : 0);
      }
    }
    out.println(line(header, width));
    StringBuilder rule = new StringBuilder("|");
    for (int w : width) {
      rule.append("-".repeat(w + 2)).append('|');
    }
    out.println(rule);
    rows.forEach(r -> out.println(line(r, width)));
  }

  private static String line(List<String> cells, int[] width) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < width.length; i++) {
      String c = i < cells.size() ? cells.get(i) : "";
      b.append(' ').append(c).append(" ".repeat(width[i] - c.length())).append(" |");
    }
    return b.toString();
  }
}
