"""Combining metadata by precedence: manifest, then the input's own, then the CLI defaults.

A date written in the text ranks between the input's own metadata and the defaults; cleaning reads it, so
defaults keep published_basis "option" and cleaning may replace them.
"""

from __future__ import annotations

from tidings.records import SourceMeta

_FIELDS = ("id", "url", "outlet", "title", "language")


def merge_meta(manifest: SourceMeta | None, own: SourceMeta | None, defaults: SourceMeta | None,
               per_record: bool = False) -> SourceMeta:
    """Field by field, the first value present. For records of a record file (`per_record`) a manifest row
    describes the whole file, so its id, url and title, which name one article, are not given to each."""
    layers: list[tuple[SourceMeta, str]] = []
    if manifest is not None:
        if per_record:
            manifest = manifest.replace(id=None, url=None, title=None)
        layers.append((manifest, "manifest"))
    if own is not None:
        layers.append((own, "metadata"))
    if defaults is not None:
        layers.append((defaults, "option"))
    values = {f: next((getattr(m, f) for m, _ in layers if getattr(m, f)), None) for f in _FIELDS}
    published, basis = None, "none"
    for meta, layer_basis in layers:
        if meta.published is not None:
            published, basis = meta.published, layer_basis
            break
    return SourceMeta(published=published, published_basis=basis, **values)  # type: ignore[arg-type]


def record_meta(record: dict[str, object]) -> SourceMeta:
    """The metadata fields a record may carry, as strings (a bad `published` is dropped, never guessed)."""
    from tidings.sources.dates import parse_day

    def text(name: str) -> str | None:
        value = record.get(name)
        if value is None:
            return None
        value = str(value).strip()
        return value if value and value.lower() not in ("nan", "none", "null") else None

    published = parse_day(record.get("published"))
    return SourceMeta(id=text("id"), url=text("url"), outlet=text("outlet"), published=published,
                      published_basis="metadata" if published else "none", title=text("title"),
                      language=text("language"))
