import csv

from tidings.eval.dev import DEV_ROWS, DevReport, TypeScore, read_stories


def _write(path, labels):
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["disclaimer", "text", "title", "source", "prompt", "label", "mode"])
        for n, label in enumerate(labels):
            writer.writerow(["x", f"story {n}", "t", "s", "p", label, ""])
        writer.writerow(["x", "", "t", "s", "p", "AID", ""])  # no text: not a story


def test_dev_read_stories_limits_each_type(tmp_path):
    path = tmp_path / "stories.csv"
    _write(path, ["protest" if n % 2 else "ASSAULT" for n in range(5)])
    stories = read_stories(path, per_type=2)
    assert [s.label for s in stories] == ["ASSAULT", "PROTEST", "ASSAULT", "PROTEST"]
    assert [s.index for s in stories] == [0, 0, 1, 1]


def test_dev_read_stories_starts_past_the_first_of_each_type(tmp_path):
    path = tmp_path / "stories.csv"
    _write(path, ["AID"] * 4 + ["SANCTION"] * 3)
    stories = read_stories(path, per_type=2, start=2)
    assert [(s.label, s.index, s.text) for s in stories] == [
        ("AID", 2, "story 2"), ("AID", 3, "story 3"), ("SANCTION", 2, "story 6")]


def test_dev_report_shares_and_overhead():
    report = DevReport({"AID": TypeScore(4, 3, 10, 5), "COERCE": TypeScore(2, 1, 0, 0)}, 10.0, 1.5, 5000)
    assert report.per_type["AID"].found_share == 0.75 and report.per_type["AID"].type_share == 0.5
    assert report.mean_found == (0.75 + 0.5) / 2
    assert abs(report.coder_overhead - 0.15) < 1e-9
    assert report.as_dict()["min_found"] == 0.5


def test_dev_report_keeps_unseen_stories_apart():
    report = DevReport({"AID": TypeScore(4, 3, 10, 5)}, 10.0, 1.5, 5000, unseen={"AID": TypeScore(2, 1, 4, 1)})
    assert report.mean_found_unseen == 0.5
    table = report.table()
    assert f"index {DEV_ROWS} and on" in table and "mean found 0.50 over 1 types" in table
    assert DevReport({"AID": TypeScore(1, 1, 1, 1)}).mean_found_unseen == 0.0
