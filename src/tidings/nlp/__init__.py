"""Language processing: the spaCy pipeline and the place gazetteer."""

from tidings.nlp.gazetteer import Gazetteer, GazetteerEntry
from tidings.nlp.pipeline import NLP, fix_place_entities, resolve_model_name

__all__ = ["NLP", "Gazetteer", "GazetteerEntry", "fix_place_entities", "resolve_model_name"]
