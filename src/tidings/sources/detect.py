"""Which reader an input needs, from its extension and its content (content wins when they disagree)."""

from __future__ import annotations

import re

from tidings.errors import InputError

TEXT, HTML, FEED, WARC, JSONL, JSON, CSV, PARQUET = "text", "html", "feed", "warc", "jsonl", "json", "csv", "parquet"

_BY_EXTENSION = {
    ".txt": TEXT, ".md": TEXT, ".text": TEXT, ".html": HTML, ".htm": HTML, ".xhtml": HTML,
    ".xml": FEED, ".rss": FEED, ".atom": FEED, ".warc": WARC, ".jsonl": JSONL, ".ndjson": JSONL,
    ".json": JSON, ".csv": CSV, ".parquet": PARQUET,
}
# Record dumps are often gzip-compressed; these stream through gzip like the plain ones.
_GZIPPED = {".jsonl.gz": JSONL, ".ndjson.gz": JSONL, ".csv.gz": CSV}
# Formats read record by record from the open file; the size cap applies to each record, not the file.
STREAMED = frozenset({WARC, JSONL, CSV, PARQUET})
# Formats someone may point tidings at that it cannot read: say so rather than "binary".
_UNSUPPORTED = {".pdf", ".doc", ".docx", ".odt", ".rtf", ".zip", ".tar", ".7z", ".xls", ".xlsx", ".ppt",
                ".pptx", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".mp3", ".mp4", ".epub", ".gz",
                ".bz2", ".xz"}
_MAGIC_UNSUPPORTED = {b"%PDF": "PDF", b"PK\x03\x04": "ZIP/Office", b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG",
                      b"GIF8": "GIF", b"{\\rtf": "RTF"}
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
_HTML_MARK = re.compile(rb"<(!doctype\s+html|html|head|body|article|p|div|title|meta)[\s>/]", re.I)


def extension(path: str) -> str:
    name = path.lower()
    if name.endswith((".warc.gz", ".warc.gzip")):
        return ".warc.gz"
    for compound in _GZIPPED:
        if name.endswith(compound):
            return compound
    dot = name.rfind(".")
    return name[dot:] if dot > name.rfind("/") else ""


def gzipped_records(path: str) -> bool:
    """A gzip-compressed record dump (.jsonl.gz, .ndjson.gz, .csv.gz), whose head must be read through gzip."""
    return extension(path) in _GZIPPED


def detect_format(path: str, data: bytes) -> str:
    """The format name, or InputError E007 when neither the extension nor the content is one tidings reads.

    `data` is the file's head (a few KB are enough); for a gzip-compressed record dump, its decompressed head."""
    ext = extension(path)
    if ext in _GZIPPED:
        return _GZIPPED[ext]
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if ext in (".warc", ".warc.gz") or head.startswith(b"WARC/"):
        return WARC
    if head.startswith(b"PAR1"):
        return PARQUET
    for magic, kind in _MAGIC_UNSUPPORTED.items():
        if head.startswith(magic):
            raise InputError("E007", f"{path}: {kind} files are not read; convert to text, HTML or records")
    if head.startswith(b"\x1f\x8b"):
        raise InputError("E007", f"{path}: gzip-compressed; only .warc.gz, .jsonl.gz and .csv.gz are read "
                                 "compressed")
    if ext in _UNSUPPORTED:
        raise InputError("E007", f"{path}: '{ext}' files are not read")
    sniffed = _sniff(head)
    declared = _BY_EXTENSION.get(ext)
    if declared is None:
        return sniffed or TEXT
    if declared in (TEXT, HTML) and sniffed in (HTML, FEED):
        return sniffed  # a .txt that is really HTML (or a feed saved as .html) is read as what it is
    if declared == FEED and sniffed == HTML:
        return HTML
    return declared


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"<"):
        if _FEED_ROOT.search(head):
            return FEED
        if _HTML_MARK.search(head):
            return HTML
    if head.startswith(b"{"):
        first = head.split(b"\n", 1)[0].strip()
        return JSONL if first.endswith(b"}") else JSON
    if head.startswith(b"["):
        return JSON
    return None
