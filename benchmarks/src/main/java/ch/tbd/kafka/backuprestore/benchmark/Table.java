package ch.tbd.kafka.backuprestore.benchmark;

import java.util.ArrayList;
import java.util.List;

/** Rows of cells, rendered as a Markdown table for the report or as aligned columns for the console. */
final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + header.size());
        }
        rows.add(List.of(cells));
        return this;
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(column -> out.append("---|"));
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    String text() {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendAligned(out, header, widths);
        for (List<String> row : rows) {
            appendAligned(out, row, widths);
        }
        return out.toString();
    }

    private static void appendAligned(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            // Text left, figures right, as a reader scans them.
            String cell = cells.get(i);
            String format = i == 0 ? "%-" + widths[i] + "s" : "%" + widths[i] + "s";
            line.append(i == 0 ? "" : "  ").append(String.format(format, cell));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
