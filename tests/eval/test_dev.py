import csv

from tidings.eval.dev import DevReport, TypeScore, read_stories


def test_dev_read_stories_limits_each_type(tmp_path):
    path = tmp_path / "stories.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["disclaimer", "text", "title", "source", "prompt", "label", "mode"])
        for n in range(5):
            writer.writerow(["x", f"story {n}", "t", "s", "p", "protest" if n % 2 else "ASSAULT", ""])
        writer.writerow(["x", "", "t", "s", "p", "AID", ""])  # no text: not a story
    stories = read_stories(path, per_type=2)
    assert [label for label, _ in stories] == ["ASSAULT", "PROTEST", "ASSAULT", "PROTEST"]


def test_dev_report_shares_and_overhead():
    report = DevReport({"AID": TypeScore(4, 3, 10, 5), "COERCE": TypeScore(2, 1, 0, 0)}, 10.0, 1.5, 5000)
    assert report.per_type["AID"].found_share == 0.75 and report.per_type["AID"].type_share == 0.5
    assert report.mean_found == (0.75 + 0.5) / 2
    assert abs(report.coder_overhead - 0.15) < 1e-9
    assert report.as_dict()["min_found"] == 0.5
