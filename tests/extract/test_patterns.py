"""The pattern files: they validate against the ontology, and every example in them codes as it says."""

from __future__ import annotations

import pytest

from tidings.errors import TidingsError
from tidings.extract.patterns import load_patterns, validate_patterns

PATTERNS = load_patterns()
EXAMPLES = [(p.id, ex) for p in PATTERNS for ex in p.examples]


def test_patterns_package_files_are_valid():
    assert validate_patterns() == []
    assert len(PATTERNS) >= 30
    assert {p.type for p in PATTERNS} >= {"SANCTION", "COERCE", "ACCUSE", "REQUEST", "REJECT", "RETREAT", "AID",
                                          "ASSAULT", "CONSULT", "SUPPORT", "AGREE", "PROTEST", "THREATEN",
                                          "MOBILIZE"}


def test_patterns_bad_file_reports_each_problem(tmp_path):
    folder = tmp_path / "patterns"
    folder.mkdir()
    (folder / "bad.toml").write_text(
        '[[pattern]]\nid = "x.v1"\ntype = "SANCTION"\nmode = "teleport"\nlemmas = ["expel"]\n'
        'actor = ["subj", "elsewhere"]\nrecipient = ["prep:"]\nconfidence = 3\n'
        'examples = [{ text = "Japan expelled a Russian diplomat.", actor = "JPN" }]\n', encoding="utf-8")
    problems = validate_patterns(tmp_path, ontology=_Ontology())
    text = "\n".join(problems)
    assert "elsewhere" in text and "prep:" in text and "confidence" in text
    with pytest.raises(TidingsError) as err:
        load_patterns(tmp_path, ontology=_Ontology())
    assert err.value.code == "E106" and "bad.toml" in str(err.value)


def test_patterns_unknown_mode_is_reported(tmp_path):
    folder = tmp_path / "patterns"
    folder.mkdir()
    (folder / "p.toml").write_text(
        '[[pattern]]\nid = "x.v1"\ntype = "SANCTION"\nmode = "teleport"\nlemmas = ["expel"]\nactor = ["subj"]\n'
        'examples = [{ text = "Japan expelled a Russian diplomat.", actor = "JPN" }]\n', encoding="utf-8")
    problems = validate_patterns(tmp_path, ontology=_Ontology())
    assert any("teleport" in p for p in problems)


class _Ontology:
    """Knows one type and its modes: enough to see that pattern problems are reported with their file."""

    def check(self, type, mode, contexts):
        return [] if (type, mode) in (("SANCTION", "expel"), ("SANCTION", None)) else [f"unknown mode {mode!r}"]


@pytest.mark.parametrize("pattern_id,example", EXAMPLES, ids=[f"{p}:{e.text[:30]}" for p, e in EXAMPLES])
def test_patterns_examples_code_as_written(pattern_id, example, code):
    events = [e for e in code(example.text) if e.counted]
    if not example.code:
        assert not [e for e in events if e.rule == pattern_id], example.text
        return
    pattern = next(p for p in PATTERNS if p.id == pattern_id)
    fitting = [e for e in events if e.type == pattern.type
               and (example.actor is None or any(a.country == example.actor for a in e.actor))
               and (example.recipient is None or any(r.country == example.recipient for r in e.recipient))]
    assert fitting, f"{example.text} -> {[(e.type, [a.key for a in e.actor], [r.key for r in e.recipient]) for e in events]}"
