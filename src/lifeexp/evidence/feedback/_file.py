"""Writing feedback files: the rows an import computed, as YAML a journey can reference."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from lifeexp.model import FeedbackFile, FeedbackRow, FeedbackSourceKind

__all__ = ["feedback_file_text"]

_HEADER = (
    "# lifeexp feedback file: post-transaction feedback counts (OMB Circular A-11 section 280).\n"
    "# Written by `lifeexp feedback import`; counts only, free-text answers are never copied.\n"
    "# Reference it from a journey:\n"
    "#   feedback_sources:\n"
    "#     - {id: my-source, kind: feedback_file, path: <this file>}\n"
)


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v not in (None, {}, [])}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def feedback_file_text(
    rows: Sequence[FeedbackRow],
    *,
    made_from: Sequence[str] = (),
    export_kind: FeedbackSourceKind | None = None,
    synthetic: bool = False,
    note: str | None = None,
) -> str:
    """The YAML text of a feedback file holding ``rows``.

    The file validates against :class:`~lifeexp.model.FeedbackFile` (checked here, so a file
    that would not load is never written).

    Raises:
        ValueError: there are no rows.
    """
    if not rows:
        msg = "a feedback file needs at least one row"
        raise ValueError(msg)
    model = FeedbackFile(
        synthetic=synthetic,
        made_from=list(made_from),
        export_kind=export_kind,
        note=note,
        rows=list(rows),
    )
    data = _prune(model.model_dump(mode="json"))
    if not synthetic:
        data.pop("synthetic", None)
    else:
        data = {"synthetic": True, **{k: v for k, v in data.items() if k != "synthetic"}}
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    FeedbackFile.model_validate(yaml.safe_load(body))  # what is written reads back
    return _HEADER + body
