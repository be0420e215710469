"""The domain layer: what the CLI, the HTML pages and the JSON API do, written once.

The edges (``mailflow.cli``, ``mailflow.web``) parse input, call one function here and render
its answer; they never import the store's models or SQLAlchemy. Functions take a session
(from :func:`mailflow.services.db.unit_of_work`) and keyword-only arguments, check their
input before changing anything, raise :class:`mailflow.errors.Refused` subclasses with a
message fit to show, and write every change to the audit log. One module per concern.
"""
