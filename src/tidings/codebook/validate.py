"""`tidings rules validate`: every codebook file checked against its schema in one pass."""

from __future__ import annotations

from pathlib import Path


def validate_codebook(data_dir: Path | None = None) -> list[str]:
    """All problems in the ontology, actor and pattern files, each as "file:line: message"."""
    from tidings.codebook.actors import validate_actors
    from tidings.codebook.ontology import Ontology, validate_ontology
    from tidings.errors import TidingsError
    from tidings.extract.patterns import validate_patterns

    problems = validate_ontology(data_dir) + validate_actors(data_dir)
    try:
        ontology = Ontology.load(data_dir)
    except TidingsError:
        return problems  # pattern checks need a loadable ontology; its problems are listed already
    return problems + validate_patterns(data_dir, ontology)
