"""extract: the event coder (patterns -> events), with mentions, dates, places, quotes and claims."""

from tidings.extract.coder import Coder, Match
from tidings.extract.patterns import Pattern, load_patterns, validate_patterns

__all__ = ["Coder", "Match", "Pattern", "load_patterns", "validate_patterns"]
