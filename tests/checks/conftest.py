"""Fixtures for the semantic checks: lint a journey dict against the fixture catalog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lifeexp.checks import CheckConfig, ValidationResult, validate


@pytest.fixture(name="lint")
def _lint(journey_file: Callable[..., Path], catalog_file: Path) -> Callable[..., ValidationResult]:
    """``lint(journey_dict, config=None, strict=False)`` → the ValidationResult of that journey
    written to a file and checked against the fixture catalog only."""

    def run(
        data: dict[str, Any], *, config: CheckConfig | None = None, strict: bool = False
    ) -> ValidationResult:
        path = journey_file(data)
        return validate(
            [path],
            catalog_paths=[catalog_file],
            include_bundled=False,
            config=config,
            strict=strict,
        )

    return run
