import pytest

from tidings.errors import CATALOGUE, InputError, Skipped, TidingsError


def test_errors_messages_carry_their_code():
    error = InputError("E001", "notes.txt")
    assert str(error) == "[E001] notes.txt" and error.code == "E001"


def test_errors_unknown_codes_are_refused():
    with pytest.raises(ValueError):
        TidingsError("E999", "nope")


def test_errors_skipped_line_names_input_reason_and_action():
    line = Skipped("feeds/broken.jsonl#3", "E009", "").line()
    assert line == "skipped feeds/broken.jsonl#3: [E009] record has no text field"


def test_errors_catalogue_codes_are_unique_and_well_formed():
    assert all(len(code) == 4 and code[0] == "E" and code[1:].isdigit() for code in CATALOGUE)
