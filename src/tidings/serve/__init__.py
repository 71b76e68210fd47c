"""Surfaces people use over a store: the REST API and the web dashboard (`tidings serve`)."""

from tidings.serve.app import create_app

__all__ = ["create_app"]
