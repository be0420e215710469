"""Shared by the pipeline tests: a pipeline context with the default rules, imports."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from mailflow.pipeline import PipelineContext
from mailflow.receive.importer import ImportReport, import_paths
from mailflow.runtime import load_rules, pipeline_context
from mailflow.services.export import export_rows
from mailflow.settings import load_settings


def context(**overrides: object) -> PipelineContext:
    settings = load_settings(
        None, our_addresses=["cooperation@bpi.fr", "cooperation@example.org"], **overrides
    )
    return pipeline_context(settings, load_rules(settings, strict=False))


ARRIVAL = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)


def run_import(engine: Engine, *paths: Path, batch_size: int = 500) -> ImportReport:
    """Import with a fixed arrival time, so that runs compare equal."""
    return import_paths(
        engine, context(), list(paths), batch_size=batch_size, clock=lambda: ARRIVAL
    )


def exported(engine: Engine) -> list[dict[str, object]]:
    with Session(engine) as session:
        return list(export_rows(session))
