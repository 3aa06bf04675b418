package io.scephub.hub.console;

import java.util.List;
import java.util.Locale;

/**
 * Small inline SVG charts. Colours come from CSS classes (the stylesheet), every text is escaped, and
 * each chart carries a title and a text alternative, so the numbers are also in the page's tables.
 */
final class Charts {
    /** One bar segment or mark: its share, CSS class and the words a screen reader or tooltip gives. */
    record Segment(double value, String cssClass, String label) {
    }

    /** One column of a stacked column chart. */
    record Column(String label, List<Segment> segments) {
    }

    private Charts() {
    }

    /** A single horizontal bar split into segments, e.g. enrollments by state. */
    static String stackedBar(String title, List<Segment> segments) {
        double total = segments.stream().mapToDouble(Segment::value).sum();
        StringBuilder svg = open(title, 320, 28);
        if (total <= 0) {
            svg.append("<rect class=\"c-none\" x=\"0\" y=\"4\" width=\"320\" height=\"20\" rx=\"3\"/>");
        } else {
            double x = 0;
            for (Segment s : segments) {
                if (s.value() <= 0) {
                    continue;
                }
                double w = 320 * s.value() / total;
                svg.append("<rect class=\"").append(cls(s.cssClass())).append("\" x=\"").append(num(x)).append("\" y=\"4\" width=\"")
                        .append(num(w)).append("\" height=\"20\"><title>").append(escape(s.label())).append("</title></rect>");
                x += w;
            }
        }
        return svg.append("</svg>").toString();
    }

    /** A row of squares, oldest left: one per sync run, coloured by status. */
    static String strip(String title, List<Segment> marks) {
        int size = 14;
        int gap = 3;
        int width = Math.max(1, marks.size()) * (size + gap);
        StringBuilder svg = open(title, width, size + 4);
        for (int i = 0; i < marks.size(); i++) {
            Segment m = marks.get(i);
            svg.append("<rect class=\"").append(cls(m.cssClass())).append("\" x=\"").append(i * (size + gap)).append("\" y=\"2\" width=\"")
                    .append(size).append("\" height=\"").append(size).append("\" rx=\"2\"><title>").append(escape(m.label()))
                    .append("</title></rect>");
        }
        return svg.append("</svg>").toString();
    }

    /** Columns of stacked segments with a label under each and the largest total on the axis. */
    static String columns(String title, List<Column> columns) {
        int colWidth = 26;
        int gap = 6;
        int chartHeight = 120;
        int width = Math.max(1, columns.size()) * (colWidth + gap) + 30;
        double max = columns.stream().mapToDouble(c -> c.segments().stream().mapToDouble(Segment::value).sum()).max().orElse(0);
        StringBuilder svg = open(title, width, chartHeight + 34);
        svg.append("<text class=\"c-axis\" x=\"0\" y=\"10\">").append(num(max)).append("</text>");
        svg.append("<line class=\"c-rule\" x1=\"28\" y1=\"").append(chartHeight).append("\" x2=\"").append(width).append("\" y2=\"")
                .append(chartHeight).append("\"/>");
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            double x = 30 + i * (colWidth + gap);
            double y = chartHeight;
            for (Segment s : c.segments()) {
                if (s.value() <= 0 || max <= 0) {
                    continue;
                }
                double h = (chartHeight - 14) * s.value() / max;
                y -= h;
                svg.append("<rect class=\"").append(cls(s.cssClass())).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(y))
                        .append("\" width=\"").append(colWidth).append("\" height=\"").append(num(h)).append("\"><title>")
                        .append(escape(c.label() + ": " + s.label())).append("</title></rect>");
            }
            svg.append("<text class=\"c-label\" x=\"").append(num(x + colWidth / 2.0)).append("\" y=\"").append(chartHeight + 14)
                    .append("\" text-anchor=\"middle\">").append(escape(c.label())).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    /** Horizontal spans on a time axis from {@code start} to {@code end} (epoch seconds), one lane per row, a "now" line. */
    static String timeline(String title, long start, long end, long now, List<Lane> lanes, String startLabel, String endLabel) {
        int labelWidth = 170;
        int plot = 460;
        int lane = 24;
        int height = Math.max(1, lanes.size()) * lane + 30;
        StringBuilder svg = open(title, labelWidth + plot + 10, height);
        double span = Math.max(1, end - start);
        for (int i = 0; i < lanes.size(); i++) {
            Lane l = lanes.get(i);
            int y = i * lane + 4;
            svg.append("<text class=\"c-label\" x=\"0\" y=\"").append(y + 14).append("\">").append(escape(l.label())).append("</text>");
            double x1 = labelWidth + plot * Math.max(0, l.from() - start) / span;
            double x2 = labelWidth + plot * Math.min(span, l.to() - start) / span;
            svg.append("<rect class=\"").append(cls(l.cssClass())).append("\" x=\"").append(num(x1)).append("\" y=\"").append(y)
                    .append("\" width=\"").append(num(Math.max(4, x2 - x1))).append("\" height=\"16\" rx=\"3\"><title>")
                    .append(escape(l.detail())).append("</title></rect>");
        }
        int axis = lanes.size() * lane + 8;
        svg.append("<line class=\"c-rule\" x1=\"").append(labelWidth).append("\" y1=\"").append(axis).append("\" x2=\"")
                .append(labelWidth + plot).append("\" y2=\"").append(axis).append("\"/>");
        svg.append("<text class=\"c-axis\" x=\"").append(labelWidth).append("\" y=\"").append(axis + 16).append("\">")
                .append(escape(startLabel)).append("</text>");
        svg.append("<text class=\"c-axis\" x=\"").append(labelWidth + plot).append("\" y=\"").append(axis + 16)
                .append("\" text-anchor=\"end\">").append(escape(endLabel)).append("</text>");
        if (now >= start && now <= end) {
            double x = labelWidth + plot * (now - start) / span;
            svg.append("<line class=\"c-now\" x1=\"").append(num(x)).append("\" y1=\"0\" x2=\"").append(num(x)).append("\" y2=\"")
                    .append(axis).append("\"><title>now</title></line>");
        }
        return svg.append("</svg>").toString();
    }

    /** One row of a timeline. */
    record Lane(String label, long from, long to, String cssClass, String detail) {
    }

    private static StringBuilder open(String title, int width, int height) {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" aria-label=\"").append(escape(title)).append("\"><title>").append(escape(title)).append("</title>");
    }

    private static String cls(String cssClass) {
        return cssClass.replaceAll("[^a-z0-9-]", "");
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value).replace(".0", "");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
