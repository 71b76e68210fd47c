import pytest

from tidings.errors import InputError
from tidings.sources.decode import decode_text


def test_decode_utf8_with_bom():
    assert decode_text("\ufeffKyiv — “quoted”".encode("utf-8"), "a.txt") == "Kyiv — “quoted”"


def test_decode_utf16_with_bom():
    assert decode_text("Tokyo said".encode("utf-16"), "a.txt") == "Tokyo said"


def test_decode_cp1252_fallback_when_it_reads_as_text():
    data = "The minister’s “firm” reply — café".encode("cp1252")
    assert decode_text(data, "a.txt") == "The minister’s “firm” reply — café"


def test_decode_gibberish_is_e003():
    data = bytes(range(0x80, 0x100)) * 4 + b" some ascii"
    with pytest.raises(InputError) as caught:
        decode_text(data, "a.txt")
    assert caught.value.code == "E003"


def test_decode_nul_bytes_are_binary_e002():
    with pytest.raises(InputError) as caught:
        decode_text(b"abc\x00\x01\x02def", "a.txt")
    assert caught.value.code == "E002"


def test_decode_cp1252_that_is_mostly_accented_letters_is_e003():
    # Every byte here decodes in cp1252 to a letter, but no text is 90% accented letters.
    with pytest.raises(InputError) as caught:
        decode_text(bytes(range(0xC0, 0x100)) * 3, "a.txt")
    assert caught.value.code == "E003"
