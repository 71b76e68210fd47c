"""Alerts: rules in a TOML file, evaluated against the merged event records after each poll of `tidings watch`;
matches are kept in the store, listed by `tidings alerts`, and optionally posted to a webhook."""

from tidings.alerts.evaluate import Alert, evaluate
from tidings.alerts.log import AlertLog
from tidings.alerts.rules import AlertRule, load_rules
from tidings.alerts.webhook import post_alerts

__all__ = ["Alert", "AlertLog", "AlertRule", "evaluate", "load_rules", "post_alerts"]
