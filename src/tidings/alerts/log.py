"""The alerts table in the store file: new matches are added once, listed, and marked when a webhook took them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import duckdb


from tidings.alerts.evaluate import Alert
from tidings.errors import TidingsError
from tidings.store import migrations

_COLUMNS = ("id", "rule", "kind", "subject", "day", "message", "events", "created", "detail")


class AlertLog:
    def __init__(self, con: duckdb.DuckDBPyConnection, read_only: bool = False) -> None:
        self._con = con
        self.read_only = read_only

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False) -> "AlertLog":
        path = Path(path)
        if read_only and not path.exists():
            raise TidingsError("E202", f"no store at {path}; run `tidings watch` or `tidings run` first, or pass --db")
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            if not read_only:
                # The alerts table comes with the store's numbered migrations.
                migrations.migrate(con, str(path))
        except duckdb.Error as exc:
            raise TidingsError("E202", f"{path}: cannot open the alerts ({str(exc).splitlines()[0]})") from None
        return cls(con, read_only)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> "AlertLog":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, alerts: Sequence[Alert], now: dt.datetime) -> list[Alert]:
        """Store the alerts not seen before and return them. An events alert is not raised again for a record
        whose events an earlier alert of the same rule already covered."""
        if not alerts or not self._exists():
            return []
        known = {r[0] for r in self._con.execute("SELECT id FROM alerts").fetchall()}
        covered: dict[str, set[str]] = {}
        for rule, events in self._con.execute("SELECT rule, events FROM alerts WHERE kind = 'events'").fetchall():
            covered.setdefault(rule, set()).update(events)
        fresh: list[Alert] = []
        for alert in alerts:
            if alert.id in known or (alert.kind == "events" and covered.get(alert.rule, set()) & set(alert.events)):
                continue
            known.add(alert.id)
            covered.setdefault(alert.rule, set()).update(alert.events)
            fresh.append(alert.replace(created=now))
        if fresh:
            marks = ", ".join("?" for _ in _COLUMNS)
            self._con.execute("BEGIN TRANSACTION")
            try:
                self._con.executemany(
                    f"INSERT INTO alerts ({', '.join(_COLUMNS)}) VALUES ({marks})",
                    [[a.id, a.rule, a.kind, a.subject, a.day, a.message, list(a.events), a.created, a.detail]
                     for a in fresh])
                self._con.execute("COMMIT")
            except BaseException:
                self._con.execute("ROLLBACK")
                raise
        return fresh

    def list(self, since: dt.date | None = None, rule: str | None = None, unposted: bool = False) -> list[Alert]:
        """Stored alerts, newest first."""
        if not self._exists():
            return []
        where, params = ["true"], []
        if since is not None:
            where.append("coalesce(day, created::DATE) >= ?")
            params.append(since)
        if rule is not None:
            where.append("rule = ?")
            params.append(rule)
        if unposted:
            where.append("NOT posted")
        rows = self._con.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM alerts WHERE {' AND '.join(where)} "
            "ORDER BY created DESC, day DESC NULLS LAST, id", params).fetchall()
        return [Alert.from_dict({**dict(zip(_COLUMNS, row)), "detail": dict(row[-1] or {})}) for row in rows]

    def mark_posted(self, ids: Sequence[str]) -> None:
        if ids:
            self._con.execute("UPDATE alerts SET posted = true WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)])

    def _exists(self) -> bool:
        return bool(self._con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'alerts'").fetchall()[0][0])
