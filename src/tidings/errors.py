"""The error catalogue: every message a user can see has a code, kept here in one place.

Input problems (E0xx) skip one input and let the run go on; setting and usage problems (E1xx) stop the
command before it does anything; store problems (E2xx) stop it without writing a partial batch.
"""

from __future__ import annotations

from dataclasses import dataclass

CATALOGUE: dict[str, str] = {
    # one input skipped, the run goes on
    "E001": "empty file",
    "E002": "binary content, not text",
    "E003": "cannot decode as text",
    "E004": "truncated or malformed",
    "E005": "larger than the max_file_bytes setting",
    "E006": "not a news article",
    "E007": "unsupported or unrecognised format",
    "E008": "cannot read the file",
    "E009": "record has no text field",
    "E010": "no file matches",
    "E011": "already stored (same content)",
    "E012": "analysis failed on this article",
    # settings and usage: the command stops before doing anything
    "E101": "unknown setting",
    "E102": "invalid setting value",
    "E103": "cannot read the manifest",
    "E104": "invalid date",
    "E105": "the spaCy model is not installed",
    "E106": "codebook file is invalid",
    "E107": "invalid argument",
    # store
    "E201": "store schema is newer than this version of tidings",
    "E202": "cannot open the store",
}


class TidingsError(Exception):
    """An error a user can act on: a catalogue code and a message that says what to fix."""

    def __init__(self, code: str, message: str) -> None:
        if code not in CATALOGUE:
            raise ValueError(f"unknown error code {code}")
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


class InputError(TidingsError):
    """A problem with one input: it is skipped and reported, the run goes on."""


@dataclass(slots=True, frozen=True)
class Skipped:
    """One input that was not processed, and why."""

    origin: str
    code: str
    detail: str

    @property
    def reason(self) -> str:
        return CATALOGUE[self.code] + (f": {self.detail}" if self.detail else "")

    def line(self) -> str:
        return f"skipped {self.origin}: [{self.code}] {self.reason}"
