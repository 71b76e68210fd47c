"""Server-side SVG charts."""

from __future__ import annotations

from tidings.serve.charts import bar_chart, line_chart


def test_charts_line_draws_one_dot_per_point_and_rings_marks():
    svg = line_chart([("2022-09", -2.0), ("2022-10", -4.0), ("2022-11", 1.0)], "index", y_range=(-10, 10),
                     zero_line=True, marks=["2022-10"])
    assert svg.startswith("<svg") and svg.count("<circle") == 3 and svg.count("dot mark") == 1
    assert 'class="zero"' in svg and svg.count("<path") == 1


def test_charts_escape_labels_and_handle_empty_and_flat():
    assert "&lt;b&gt;" in line_chart([("<b>", 1.0)], "t")
    assert "nothing to draw" in line_chart([], "Events per day")
    assert "<svg" in line_chart([("a", 0.0), ("b", 0.0)], "flat")
    bars = bar_chart([("SANCTION", 3), ("AGREE", 1)], "types")
    assert bars.count("<rect") == 2 and "nothing to draw" in bar_chart([], "types")
