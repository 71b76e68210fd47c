"""Bytes to text: UTF-8 (BOM or not), UTF-16 with a BOM, cp1252 only when the result reads like text."""

from __future__ import annotations

import codecs
import unicodedata

from tidings.errors import InputError

# Characters a cp1252 news text plausibly contains beyond ASCII: Latin letters and typographic punctuation.
_CP1252_PLAUSIBLE = set("“”‘’–—…€•·«»°£¥©®™§¶ ")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the head of the file mean it is not text."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(2, len(head) // 100)


def decode_text(data: bytes, origin: str) -> str:
    """Decode or raise E002 (binary) / E003 (not decodable)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("E003", f"{origin}: has a UTF-16 mark but is not valid UTF-16") from None
    if looks_binary(data):
        raise InputError("E002", f"{origin}: contains NUL or control bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError("E003", f"{origin}: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
                                 "nor cp1252") from None
    if not plausible_cp1252(text):
        raise InputError("E003", f"{origin}: not UTF-8 (byte {utf8_error.start}), and as cp1252 it reads "
                                 "as gibberish")
    return text


def plausible_cp1252(text: str) -> bool:
    """Most non-ASCII characters should be letters or typographic punctuation, and rare."""
    odd = [c for c in text if ord(c) > 127]
    if not odd:
        return True
    sensible = sum(1 for c in odd if c in _CP1252_PLAUSIBLE or unicodedata.category(c).startswith("L"))
    return sensible / len(odd) >= 0.9 and len(odd) / len(text) <= 0.3
