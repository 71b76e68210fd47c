"""The `tidings` command: a thin layer over the Python API (tidings.api) and the store."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from tidings.api import Tidings, parse_date
from tidings.config import Settings
from tidings.errors import TidingsError

app = typer.Typer(
    help="tidings: news articles in, sourced political event data (PLOVER, CAMEO) out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="Check and inspect the codebook (ontology, actors, event patterns).",
                        no_args_is_help=True)
app.add_typer(rules_app, name="rules")

DbOption = Annotated[Optional[Path], typer.Option("--db", help="DuckDB store file (setting `db`).")]
# Off a terminal rich would wrap tables at 80 columns; logs and pipes read better wider.
out = Console(width=None if sys.stdout.isatty() else 120)
err = Console(stderr=True)


def _settings(**overrides: object) -> Settings:
    return Settings.load(**overrides)


def _fail(exc: TidingsError, status: int = 2) -> None:
    err.print(f"error: {exc}", markup=False, highlight=False)
    raise typer.Exit(status)


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (read recursively) or globs.")],
    db: DbOption = None,
    manifest: Annotated[Optional[Path], typer.Option(help="CSV or JSONL of per-file metadata keyed by `path`.")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for inputs without one.")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Outlet name for inputs without one.")] = None,
    workers: Annotated[Optional[int], typer.Option(help="Processes for the article stages; 0 (the default) uses every core, 1 runs in this process (setting `workers`).")] = None,
    progress: Annotated[Optional[str], typer.Option(help="auto, bar, plain or none (setting `progress`).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    engine: Annotated[str, typer.Option(help="local (process pool) or spark (Parquet tables to --out).")] = "local",
    spark_out: Annotated[Optional[str], typer.Option("--out", help="Folder or URI for the spark engine's Parquet "
                                                     "tables (default tidings-parquet).")] = None,
) -> None:
    """Ingest articles, code their events, and update stories and merged event records."""
    from tidings.engines import check_engine
    from tidings.progress import make_progress

    try:
        if check_engine(engine) == "spark":
            _run_spark(paths, _settings(db=db, workers=workers, progress=progress), spark_out or "tidings-parquet",
                       load_into=db, manifest=manifest, published=published, outlet=outlet, as_json=as_json)
            return
        settings = _settings(db=db, workers=workers, progress=progress)
        report = Tidings(settings).run(paths, manifest=manifest, published=published, outlet=outlet,
                                       progress=make_progress(settings.progress))
    except TidingsError as exc:
        _fail(exc)
        return
    if as_json:
        print(json.dumps(_report_dict(report, settings), indent=2))
    else:
        _print_report(report, settings)
    if report.processed == 0:
        err.print("error: nothing could be processed", markup=False)
        raise typer.Exit(1)


def _run_spark(paths: list[str], settings: Settings, out_dir: str, load_into: Optional[Path],
               manifest: Optional[Path], published: Optional[str], outlet: Optional[str], as_json: bool) -> None:
    from tidings.engines.spark import run_spark
    from tidings.records import SourceMeta

    if manifest is not None:
        raise TidingsError("E107", "--manifest is not read by the spark engine: put the metadata in the records "
                                   "(JSONL or Parquet fields); nothing was run")
    day = parse_date(published, "--published")
    defaults = SourceMeta(outlet=outlet, published=day, published_basis="option" if day else "none")
    report = run_spark(paths, settings, out_dir, defaults)
    result = {"engine": "spark", "out": report.out, "articles": report.articles, "events": report.events,
              "skipped": report.skipped}
    if load_into is not None:
        loaded = _load(out_dir, settings)
        result["db"] = str(settings.db)
        result["store"] = loaded.summary.as_dict() if loaded.summary is not None else None
    if as_json:
        print(json.dumps(result, indent=2))
    else:
        out.print(f"tidings run --engine spark: {report.articles} articles, {report.events} events, "
                  f"{report.skipped} skipped, written to {report.out}", markup=False, highlight=False)
        if load_into is not None:
            out.print(f"  loaded into {settings.db}", markup=False, highlight=False)
    if report.articles == 0:
        err.print("error: nothing could be processed", markup=False)
        raise typer.Exit(1)


def _load(folder: str, settings: Settings):
    from tidings.engines.load import load_tables
    from tidings.store import Store

    with Store.open(settings.db) as store:
        return load_tables(folder, store)


@app.command()
def load(
    folder: Annotated[Path, typer.Argument(help="Folder of Parquet tables written by `tidings run --engine spark`.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Write an engine's Parquet tables into a store, then update stories and merged event records."""
    try:
        settings = _settings(db=db)
        report = _load(str(folder), settings)
    except TidingsError as exc:
        _fail(exc)
        return
    summary = report.summary.as_dict() if report.summary is not None else None
    if as_json:
        print(json.dumps({"db": str(settings.db), "articles_read": report.read, "articles_written": report.written,
                          "skipped": len(report.skipped), "store": summary}, indent=2))
    else:
        out.print(f"tidings load into {settings.db}: {report.read} articles read, {report.written} newly stored, "
                  f"{len(report.skipped)} skipped inputs logged", markup=False, highlight=False)


def _report_dict(report, settings: Settings) -> dict:
    summary = report.summary
    return {
        "db": str(settings.db),
        "articles_read": report.read,
        "articles_written": report.written,
        "already_stored": report.already_stored,
        "skipped": [{"origin": s.origin, "code": s.code, "reason": s.reason} for s in report.skipped],
        "store": summary.as_dict() if summary is not None else None,
    }


def _print_report(report, settings: Settings) -> None:
    summary = report.summary
    out.print(f"[bold]tidings run[/bold] into {settings.db}")
    out.print(f"  articles read: {report.read}  newly stored: {report.written}  "
              f"already stored: {report.already_stored}  skipped: {len(report.skipped)}")
    for reason, n in sorted(report.skipped_by_reason().items()):
        out.print(f"    {n} x {reason}", markup=False, highlight=False)
    if summary is None:
        return
    out.print(f"  store: {summary.articles} articles, {summary.events} events, "
              f"{summary.records} event records, {summary.stories} stories")
    if summary.events_by_type:
        table = Table(title="Events by PLOVER type", title_justify="left")
        table.add_column("type")
        table.add_column("events", justify="right")
        for type_, n in sorted(summary.events_by_type.items(), key=lambda kv: -kv[1]):
            table.add_row(type_, str(n))
        out.print(table)
        out.print("  (negated and hypothetical events are stored but not counted)", markup=False)
    if report.top_stories:
        table = Table(title="Largest stories", title_justify="left")
        for col in ("story", "articles", "from", "to", "key actors"):
            table.add_column(col, justify="right" if col == "articles" else "left", overflow="fold")
        for story in report.top_stories:
            table.add_row(_clip(story.title or story.id, 60), str(len(story.articles)), _day(story.start),
                          _day(story.end), ", ".join(story.key_actors[:4]))
        out.print(table)
    if summary.top_dyads:
        table = Table(title="Busiest actor pairs (merged event records)", title_justify="left")
        for col in ("actor", "recipient", "records", "mean PLOVER score"):
            table.add_column(col, justify="right" if col in ("records", "mean PLOVER score") else "left")
        for actor, recipient, n, score in summary.top_dyads:
            table.add_row(actor, recipient, str(n), f"{score:+.1f}" if score is not None else "")
        out.print(table)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _day(value) -> str:
    return value.isoformat() if value is not None else ""


@app.command()
def code(
    text: Annotated[Optional[str], typer.Argument(help="The text to code, or - to read standard input.")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD): anchors relative dates.")] = None,
    title: Annotated[Optional[str], typer.Option(help="Title of the text.")] = None,
) -> None:
    """Code one text without a store; print its events as JSON lines."""
    if text is None or text == "-":
        text = sys.stdin.read()
    if not text.strip():
        _fail(TidingsError("E107", "no text given: pass TEXT or - with the text on standard input"))
    try:
        analysis = Tidings(_settings()).analyze(text, published=published, title=title)
    except TidingsError as exc:
        _fail(exc)
        return
    for event in analysis.events:
        print(json.dumps(event.as_dict(), ensure_ascii=False))


@app.command()
def export(
    kind: Annotated[str, typer.Argument(help="articles, events, mentions, records, claims, quotes, stories, links or dyads.")],
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv, parquet, gdelt (events, records) or plover (events, records).")] = "jsonl",
    out_path: Annotated[Optional[Path], typer.Option("--out", help="Output file (default: standard output).")] = None,
) -> None:
    """Write stored data in an exchange format."""
    from tidings.store import Store
    from tidings.store.export import export as write_export

    try:
        settings = _settings(db=db)
        if not Path(settings.db).exists():
            raise TidingsError("E202", f"no store at {settings.db}; run `tidings run` first or pass --db")
        with Store.open(settings.db, read_only=True) as store:
            if out_path is None:
                rows = write_export(store, kind, fmt, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                with open(out_path, "wb") as handle:
                    rows = write_export(store, kind, fmt, handle)
    except TidingsError as exc:
        _fail(exc)
        return
    err.print(f"{rows} {kind} rows written" + (f" to {out_path}" if out_path else ""), markup=False)


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold file in the format of shared/gold/seeds.json.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score a store against a gold file: events (recall of must events, precision), dates, places, quotes."""
    from tidings.eval.gold import load_gold, score_store
    from tidings.store import Store

    try:
        settings = _settings(db=db)
        with Store.open(settings.db, read_only=True) as store:
            scores = score_store(store, load_gold(gold))
    except TidingsError as exc:
        _fail(exc)
        return
    if as_json:
        print(json.dumps(scores.as_dict(), indent=2))
    else:
        for line in scores.lines():
            out.print(line, markup=False, highlight=False)


@app.command()
def dyad(
    actor: Annotated[str, typer.Argument(help="One side: a country code (JPN) or a group name.")],
    other: Annotated[str, typer.Argument(help="The other side.")],
    db: DbOption = None,
    period: Annotated[Optional[str], typer.Option(help="day, week or month (default: corpus setting relations.period).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the series and turns as JSON.")] = False,
) -> None:
    """The relation of two actors from merged event records: series, index chart, turns and their records."""
    from tidings.corpus import CorpusParams
    from tidings.corpus.relations import describe, find_turns, relation_series
    from tidings.store import Store

    try:
        if period is not None and period not in ("day", "week", "month"):
            raise TidingsError("E107", f"--period {period!r} is not one of day, week, month")
        settings = _settings(db=db)
        if not Path(settings.db).exists():
            raise TidingsError("E202", f"no store at {settings.db}; run `tidings run` first or pass --db")
        params = CorpusParams.load()
        with Store.open(settings.db, read_only=True) as store:
            records = store.records()
        series = relation_series(records, actor.strip(), other.strip(), period, params)
        by_id = {r.id: r for r in records}
        turns = find_turns(series, by_id, params)
    except TidingsError as exc:
        _fail(exc)
        return
    chosen = period or params.relations.period
    if as_json:
        print(json.dumps({"pair": [actor, other], "period": chosen, "series": [p.as_dict() for p in series],
                          "turns": [t.as_dict() for t in turns],
                          "records": {rid: describe(by_id[rid]) for t in turns for rid in t.records}},
                         ensure_ascii=False, indent=2))
        return
    if not series:
        out.print(f"no counted event records between {actor} and {other} in {settings.db}", markup=False)
        return
    out.print(_dyad_table(series, actor, other, chosen))
    for turn in turns:
        out.print(f"{turn.actor}-{turn.recipient} {turn.direction} since {turn.since.isoformat()} "
                  f"(index {turn.from_index:+.2f} to {turn.to_index:+.2f}), driven by:", markup=False,
                  highlight=False)
        for rid in turn.records:
            out.print(f"  {rid}  {describe(by_id[rid])}", markup=False, highlight=False)
    if not turns:
        out.print("no turn: the index never moved past the corpus setting relations.turn_threshold", markup=False)


def _dyad_table(series, actor: str, other: str, period: str) -> Table:
    from rich.text import Text

    table = Table(title=f"{actor}-{other} by {period}, from merged event records (both directions)",
                  title_justify="left", caption="bar: relation index, -10 (hostile) to +10 (cooperative)",
                  caption_justify="left")
    for col in ("period", "records", "q1 q2 q3 q4", "PLOVER mean", "Goldstein sum", "index", "chart"):
        table.add_column(col, justify="left" if col in ("period", "chart", "q1 q2 q3 q4") else "right")
    half = 12  # characters per side of the axis
    for point in series:
        cells = round(min(10.0, abs(point.index)) / 10 * half)
        bar = Text()
        if point.index < 0:
            bar.append(" " * (half - cells)).append("█" * cells, style="red").append("|")
        else:
            bar.append(" " * half).append("|").append("█" * cells, style="green")
        mean = f"{point.plover_mean:+.1f}" if point.plover_mean is not None else ""
        table.add_row(point.period.isoformat(), str(point.count) if point.count else "",
                      " ".join(f"{n:2d}" for n in point.quad_counts) if point.count else "", mean,
                      f"{point.goldstein_sum:+.1f}" if point.count else "", f"{point.index:+.2f}", bar)
    return table


@app.command()
def explain(
    sentence: Annotated[str, typer.Argument(help="A sentence or short text to explain.")],
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD).")] = None,
) -> None:
    """Show the parse, the mentions, and which event rules fired or nearly fired and why."""
    try:
        tidings = Tidings(_settings())
        parse_date(published, "--published")
        doc = tidings.resources.nlp(sentence)
        for line in tidings.resources.coder.explain(doc):
            out.print(line, markup=False, highlight=False)
    except TidingsError as exc:
        _fail(exc)


@rules_app.command("validate")
def rules_validate() -> None:
    """Check every codebook file against its schema; list each problem with file and line."""
    from tidings.codebook.validate import validate_codebook

    problems = validate_codebook()
    for problem in problems:
        out.print(problem, markup=False, highlight=False)
    if problems:
        err.print(f"{len(problems)} problem(s) in the codebook", markup=False)
        raise typer.Exit(1)
    out.print("codebook OK")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on; the default keeps the server on this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
) -> None:
    """Serve the REST API (/api, schema at /docs) and the web dashboard (/) over a store, read-only."""
    import uvicorn

    from tidings.serve import create_app

    try:
        settings = _settings(db=db)
        application = create_app(settings.db, settings)
    except TidingsError as exc:
        _fail(exc)
        return
    err.print(f"serving {settings.db} read-only at http://{host}:{port}/ (Ctrl+C stops)", markup=False)
    try:
        uvicorn.run(application, host=host, port=port, log_level="warning")
    except (OSError, SystemExit) as exc:
        _fail(TidingsError("E107", f"cannot listen on {host}:{port}: {exc}"))


@app.command()
def watch(
    feeds_file: Annotated[Path, typer.Argument(help="Feeds to follow: one RSS/Atom URL or feed file a line.")],
    interval: Annotated[str, typer.Option(help="Time between polls: 15m, 90s, 1h.")] = "15m",
    db: DbOption = None,
    rules: Annotated[Optional[Path], typer.Option(help="Alert rules (TOML), evaluated after each poll.")] = None,
    webhook: Annotated[Optional[str], typer.Option(help="URL to POST new alerts to, as JSON.")] = None,
    max_polls: Annotated[Optional[int], typer.Option(help="Stop after this many polls (default: until Ctrl-C).")] = None,
    user_agent: Annotated[Optional[str], typer.Option(help="User-Agent for every request (fetch setting user_agent).")] = None,
) -> None:
    """Follow feeds: poll, analyse only new articles, update stories and records, raise alerts; repeat."""
    from tidings.alerts import load_rules
    from tidings.codebook.ontology import Ontology
    from tidings.fetch import FetchSettings, read_feed_list
    from tidings.watch import Watcher, parse_interval

    try:
        settings = _settings(db=db)
        seconds = parse_interval(interval)
        if max_polls is not None and max_polls < 1:
            raise TidingsError("E107", f"--max-polls {max_polls} must be 1 or more")
        sources, problems = read_feed_list(feeds_file)
        loaded = load_rules(rules, set(Ontology.load().types)) if rules else []
        fetch_settings = FetchSettings.load(settings, user_agent=user_agent)
    except TidingsError as exc:
        _fail(exc)
        return
    for problem in problems:
        err.print(f"warning: {problem}", markup=False, highlight=False)
    err.print(f"watching {len(sources)} feed(s) into {settings.db} every {interval}; Ctrl-C stops "
              "(nothing is lost: the next start continues)", markup=False, highlight=False)

    def say(line: str) -> None:
        err.print(line, markup=False, highlight=False)

    try:
        with Watcher(sources, settings, fetch_settings, rules=loaded, webhook=webhook, report=say) as watcher:
            watcher.run(seconds, max_polls)
    except KeyboardInterrupt:
        err.print("stopped; the next `tidings watch` continues from what is stored", markup=False)
    except TidingsError as exc:
        _fail(exc)


@app.command()
def alerts(
    db: DbOption = None,
    rule: Annotated[Optional[str], typer.Option(help="Only the alerts of this rule id.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Only alerts on or after this day (YYYY-MM-DD).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line.")] = False,
) -> None:
    """List the alerts `tidings watch` raised, newest first."""
    from tidings.alerts import AlertLog

    try:
        settings = _settings(db=db)
        day = parse_date(since, "--since")
        with AlertLog.open(settings.db, read_only=True) as log:
            found = log.list(since=day, rule=rule)
    except TidingsError as exc:
        _fail(exc)
        return
    for alert in found:
        if as_json:
            print(json.dumps(alert.as_dict(), ensure_ascii=False))
        else:
            day_text = alert.day.isoformat() if alert.day else "----------"
            out.print(f"{day_text}  [{alert.rule}]  {alert.message}", markup=False, highlight=False)
    if not as_json:
        err.print(f"{len(found)} alert(s)", markup=False)


def main() -> None:
    app()
