"""The PLOVER ontology tables: the shipped codebook, lookups, and the validator on broken copies."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tidings.codebook.ontology import Ontology, default_data_dir, validate_ontology
from tidings.errors import TidingsError


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return Ontology.load()


@pytest.fixture()
def broken(tmp_path: Path) -> Path:
    """A writable copy of the shipped codebook data; tests damage one file and validate it."""
    shutil.copytree(default_data_dir() / "ontology", tmp_path / "ontology")
    return tmp_path


def _append(data_dir: Path, name: str, line: str) -> int:
    """Append one line to a table and return its line number."""
    path = data_dir / "ontology" / name
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return len((text + line).splitlines())


def _replace(data_dir: Path, name: str, old: str, new: str) -> int:
    """Replace the one line that starts with `old` and return its line number."""
    path = data_dir / "ontology" / name
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [i for i, line in enumerate(lines) if line.startswith(old)]
    assert len(hits) == 1, f"{old!r} should start exactly one line of {name}"
    lines[hits[0]] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return hits[0] + 1


def _line_of(data_dir: Path, name: str, prefix: str) -> int:
    lines = (data_dir / "ontology" / name).read_text(encoding="utf-8").splitlines()
    return [line.startswith(prefix) for line in lines].index(True) + 1


def _one_problem(data_dir: Path, file: str, line: int, words: str) -> None:
    problems = validate_ontology(data_dir)
    wanted = [p for p in problems if f"{file}:{line}:" in p]
    assert wanted, problems
    assert words in wanted[0], wanted


# -- the shipped codebook ---------------------------------------------------------------------------------


def test_ontology_shipped_codebook_validates() -> None:
    assert validate_ontology() == []


def test_ontology_has_sixteen_types_and_the_manual_contexts(ontology: Ontology) -> None:
    assert len(ontology.types) == 16
    assert {"diplomatic", "economic", "military", "human_rights", "trafficking"} <= ontology.contexts
    assert ontology.auxiliary_modes == {"historical", "future", "hypothetical", "negation"}
    assert ontology.modes[("COERCE", "cyber")].adds_context == "cyber"


def test_ontology_quad_classes_by_kind(ontology: Ontology) -> None:
    verbal_coop = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE"}
    material_coop = {"COOPERATE", "AID", "RETREAT"}
    verbal_conflict = {"REQUEST", "ACCUSE", "REJECT", "THREATEN"}
    for name in ontology.types:
        expected = 1 if name in verbal_coop else 2 if name in material_coop else 3 if name in verbal_conflict else 4
        assert ontology.quad_class(name) == expected, name


def test_ontology_manual_wins_mappings(ontology: Ontology) -> None:
    assert ontology.cameo_for("SANCTION", "expel", ["diplomatic"]) == "174"
    assert ontology.cameo_name("174") == "Expel or deport individuals"
    assert ontology.cameo_for("SANCTION", "discontinue", ["economic"]) == "163"
    assert ontology.cameo_name("163") == "Impose embargo, boycott, or sanctions"
    assert ontology.cameo_for("ACCUSE", "disapprove", ["diplomatic"]) == "111"
    assert ontology.cameo_for("COERCE", "arrest", []) == "173"
    assert ontology.cameo_for("ACCUSE", "allege") == "112"
    assert ontology.cameo_for("AID", None, ["military"]) == "072"


def test_ontology_every_type_and_mode_has_cameo_and_score(ontology: Ontology) -> None:
    for event_type in ontology.types.values():
        for mode in (None, *event_type.modes):
            code = ontology.cameo_for(event_type.name, mode)
            assert code in ontology.cameo_codes, (event_type.name, mode)
            assert -10 <= ontology.goldstein(code) <= 10
            assert -10 <= ontology.plover_score(event_type.name, mode) <= 10


def test_ontology_cameo_prefers_most_specific_fitting_context(ontology: Ontology) -> None:
    plain = ontology.cameo_for("ASSAULT", "firearms")
    assert ontology.cameo_for("ASSAULT", "firearms", ["weather", "election"]) == plain  # no row: the mode's code
    assert ontology.cameo_for("ASSAULT", "firearms", ["military"]) != plain
    # AID + military is 072 whichever order the contexts come in
    assert ontology.cameo_for("AID", None, ["diplomatic", "military"]) == "072"
    assert ontology.cameo_for("AID", None, ["military", "diplomatic"]) == "072"


def test_ontology_score_falls_back_to_type_default(ontology: Ontology) -> None:
    assert ontology.modes[("PROTEST", "vandalize")].score is None  # the manual's table has no row for it
    assert ontology.plover_score("PROTEST", "vandalize") == ontology.plover_score("PROTEST", None)
    assert ontology.plover_score("SANCTION", "expel") == -5.5


def test_ontology_goldstein_falls_back_to_parent(ontology: Ontology) -> None:
    assert "0849" not in ontology.cameo_codes
    assert ontology.goldstein("0849") == ontology.goldstein("084")
    assert "1999" not in ontology.cameo_codes and "199" not in ontology.cameo_codes
    assert ontology.goldstein("1999") == ontology.goldstein("19")
    with pytest.raises(TidingsError) as err:
        ontology.goldstein("99")
    assert err.value.code == "E107"


def test_ontology_lookups_reject_unknown_names(ontology: Ontology) -> None:
    with pytest.raises(TidingsError, match="unknown PLOVER type 'FIGHT'"):
        ontology.quad_class("FIGHT")
    with pytest.raises(TidingsError, match="AGREE has no mode 'visit'"):
        ontology.cameo_for("AGREE", "visit")
    with pytest.raises(TidingsError, match="unknown CAMEO code"):
        ontology.cameo_name("0849")


def test_ontology_check_lists_problems(ontology: Ontology) -> None:
    assert ontology.check("SANCTION", "expel", ["diplomatic", "future"]) == []
    assert ontology.check("CONSULT", None, []) == []
    problems = ontology.check("SANCTION", "arrest", ["diplomatic", "gossip"])
    assert len(problems) == 2
    assert "SANCTION has no mode 'arrest'" in problems[0] and "'gossip'" in problems[1]
    assert ontology.check("FIGHT", None, []) == ["unknown PLOVER type 'FIGHT'"]


# -- agreement with the manual itself (needs ../shared) ---------------------------------------------------


def _manual_sections(manual: str) -> dict[str, str]:
    chapter = manual.split(r"\chapter{Event Categories}")[1].split(r"\chapter{Contexts}")[0]
    parts = re.split(r"\\section\{([A-Z]+)\}", chapter)
    return dict(zip(parts[1::2], parts[2::2]))


def test_ontology_types_match_manual_sections(ontology: Ontology, shared_dir: Path) -> None:
    manual = (shared_dir / "reference" / "PLOVER_MANUAL.tex").read_text(encoding="utf-8")
    sections = _manual_sections(manual)
    quads = {"VERBAL COOPERATION": 1, "MATERIAL COOPERATION": 2, "VERBAL CONFLICT": 3, "MATERIAL CONFLICT": 4}
    assert set(sections) == set(ontology.types)
    for name, body in sections.items():
        quad = re.search(r"Quad category: ([A-Z ]+)\}", body)
        recipient = re.search(r"Requires recipient: (Yes|No)", body)
        assert quad and recipient, name
        assert ontology.quad_class(name) == quads[quad.group(1).strip()], name
        assert ontology.types[name].requires_recipient == (recipient.group(1) == "Yes"), name
        table = re.search(r"Name & Content \\\\\s*\\hline(.*?)\\hline", body, re.S)
        manual_modes = []
        if table:
            for line in table.group(1).splitlines():
                cell = line.split("&")[0].strip()
                if "&" in line and cell and not cell.startswith("%"):  # other lines continue a cell
                    manual_modes.append(cell)
        assert list(ontology.types[name].modes) == manual_modes, name


def test_ontology_scores_match_manual_table(ontology: Ontology, shared_dir: Path) -> None:
    manual = (shared_dir / "reference" / "PLOVER_MANUAL.tex").read_text(encoding="utf-8")
    table = manual.split(r"\begin{tabular}{|lc|lc|lc|}")[1].split(r"\end{tabular}")[0]
    pairs = []
    for line in table.splitlines():
        cells = [re.sub(r"\\cellcolor\{[^}]*\}", "", c).strip() for c in re.sub(r"\\\\\s*$", "", line).split("&")]
        if len(cells) == 6:
            pairs += [(cells[i], cells[i + 1]) for i in (0, 2, 4) if cells[i] and cells[i + 1]]
    checked = 0
    for label, value in pairs[3:]:  # the first three pairs are the column headings
        type_name, _, mode = label.partition(":")
        mode = mode.strip().lower() or None
        if (type_name, mode) == ("ACCUSE", None):
            continue  # the manual prints +3 for a verbal-conflict type; the codebook corrects the sign
        assert ontology.plover_score(type_name, mode) == float(value), label
        checked += 1
    assert checked > 70


# -- the validator on broken copies -----------------------------------------------------------------------


def test_ontology_validator_reports_unknown_type_mode_context(broken: Path) -> None:
    bad_type = _append(broken, "cameo_map.tsv", "FIGHT\t\t\t190\t")
    bad_mode = _append(broken, "cameo_map.tsv", "SANCTION\tbomb\t\t160\t")
    bad_context = _append(broken, "cameo_map.tsv", "SANCTION\texpel\tweather\t174\t")
    _one_problem(broken, "cameo_map.tsv", bad_type, "unknown type 'FIGHT'")
    _one_problem(broken, "cameo_map.tsv", bad_mode, "SANCTION has no mode 'bomb'")
    _one_problem(broken, "cameo_map.tsv", bad_context, "unknown context 'weather'")


def test_ontology_validator_reports_missing_cameo_code(broken: Path) -> None:
    line = _append(broken, "cameo_map.tsv", "SANCTION\texpel\tmigration\t1749\t")
    _one_problem(broken, "cameo_map.tsv", line, "CAMEO code '1749' is not in cameo.tsv")


def test_ontology_validator_reports_type_without_score(broken: Path) -> None:
    _replace(broken, "scores.tsv", "AGREE\t", "# removed")
    types_line = _line_of(broken, "types.tsv", "AGREE\t")
    _one_problem(broken, "types.tsv", types_line, "AGREE has no score")


def test_ontology_validator_reports_duplicate_rows(broken: Path) -> None:
    first = _replace(broken, "cameo_map.tsv", "COERCE\tarrest\t", "COERCE\tarrest\t\t173\t")
    again = _append(broken, "cameo_map.tsv", "COERCE\tarrest\t\t170\tsecond opinion")
    _one_problem(broken, "cameo_map.tsv", again, f"duplicate mapping for COERCE/arrest/- (first at line {first})")
    dup_score = _append(broken, "scores.tsv", "ASSAULT\tbeat\t-7")
    _one_problem(broken, "scores.tsv", dup_score, "duplicate score for ASSAULT/beat")


def test_ontology_validator_reports_goldstein_out_of_range(broken: Path) -> None:
    line = _replace(broken, "cameo.tsv", "174\t", "174\t-15.0\tExpel or deport individuals")
    _one_problem(broken, "cameo.tsv", line, "goldstein -15.0 is outside -10..10")


def test_ontology_validator_reports_malformed_lines(broken: Path) -> None:
    too_many = _append(broken, "cameo_map.tsv", "SANCTION\texpel\tmigration\t174\tnote\textra")
    not_number = _append(broken, "scores.tsv", "PROTEST\tvandalize\tvery bad")
    empty_cell = _append(broken, "types.tsv", "CRIME\t4\t\tCrime was dropped from PLOVER.")
    bad_quad = _append(broken, "types.tsv", "FIGHT\t5\tno\tFighting.")
    _one_problem(broken, "cameo_map.tsv", too_many, "6 columns, expected 5")
    _one_problem(broken, "scores.tsv", not_number, "score 'very bad' is not a number")
    _one_problem(broken, "types.tsv", empty_cell, "empty requires_recipient")
    _one_problem(broken, "types.tsv", bad_quad, "quad_class '5' should be one of 1, 2, 3, 4")


def test_ontology_validator_reports_bad_header_and_missing_file(broken: Path) -> None:
    header = _replace(broken, "contexts.tsv", "name\t", "context\tdescription")
    (broken / "ontology" / "auxiliary_modes.tsv").unlink()
    _one_problem(broken, "contexts.tsv", header, "header should be name | description")
    _one_problem(broken, "auxiliary_modes.tsv", 0, "file is missing")


def test_ontology_validator_reports_uncovered_mode_and_wrong_score_sign(broken: Path) -> None:
    mode_line = _append(broken, "modes.tsv", "MOBILIZE\tnavy\t\tMobilises ships.")
    sign_line = _replace(broken, "scores.tsv", "AID\t", "AID\t\t-10")
    _one_problem(broken, "modes.tsv", mode_line, "MOBILIZE/navy has no CAMEO row")
    _one_problem(broken, "scores.tsv", sign_line, "score of AID should be >= 0")


def test_ontology_accepts_dropped_trailing_optional_cells(broken: Path) -> None:
    # spreadsheets save "COERCE<TAB>arrest<TAB><TAB>173<TAB>" without the trailing empty note
    _replace(broken, "cameo_map.tsv", "COERCE\tarrest\t", "COERCE\tarrest\t\t173")
    assert validate_ontology(broken) == []


def test_ontology_load_raises_one_line_error(broken: Path) -> None:
    line = _append(broken, "cameo_map.tsv", "FIGHT\t\t\t190\t")
    _append(broken, "cameo_map.tsv", "FIGHT\tx\t\t190\t")
    with pytest.raises(TidingsError) as err:
        Ontology.load(broken)
    assert err.value.code == "E106"
    assert f"cameo_map.tsv:{line}: unknown type 'FIGHT'" in str(err.value)
    assert "1 more problem" in str(err.value) and "\n" not in str(err.value)
