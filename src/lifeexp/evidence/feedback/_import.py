"""What an import matched: which rows of an export each step of a journey takes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lifeexp.evidence.feedback._resolve import match_rows
from lifeexp.formatting import counted, integer
from lifeexp.model import FeedbackRow, Journey

__all__ = ["ImportMatch", "StepMatch", "match_import"]


@dataclass(frozen=True, slots=True)
class StepMatch:
    """The rows one step's ``feedback.match`` takes.

    Attributes:
        step_id: The step.
        title: Its title.
        rows: Indices of the matched rows.
    """

    step_id: str
    title: str
    rows: list[int]


@dataclass(slots=True)
class ImportMatch:
    """The imported rows and what each step of a journey matched.

    Attributes:
        rows: Every row of the export.
        steps: One entry per step whose match names the source, in step order.
        source: The journey's source id the steps were matched for.
    """

    rows: list[FeedbackRow]
    source: str | None = None
    steps: list[StepMatch] = field(default_factory=list)

    @property
    def matched_rows(self) -> list[FeedbackRow]:
        """The rows some step takes, in export order (all rows when there is no journey)."""
        if self.source is None:
            return list(self.rows)
        used = sorted({i for s in self.steps for i in s.rows})
        return [self.rows[i] for i in used]

    @property
    def unused_rows(self) -> list[int]:
        """Indices of rows no step takes."""
        used = {i for s in self.steps for i in s.rows}
        return [i for i in range(len(self.rows)) if i not in used]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: per step the rows it matched (counts only, no free text)."""

        def row(i: int) -> dict[str, Any]:
            r = self.rows[i]
            return {
                "row_id": r.row_id,
                "quarter": r.quarter,
                "service": r.service,
                "stage": r.stage,
                "channel": r.channel,
                "transaction_point": r.transaction_point,
                "format": r.format.value,
                "trust_answers": r.trust_answers,
            }

        return {
            "source": self.source,
            "rows": len(self.rows),
            "steps": [
                {"step_id": s.step_id, "title": s.title, "rows": [row(i) for i in s.rows]}
                for s in self.steps
            ],
            "unused_rows": [row(i) for i in self.unused_rows],
        }

    def summary_lines(self, written: str | None = None) -> list[str]:
        """What ``lifeexp feedback import`` prints: the rows read, what each step matched,
        the rows no step takes and where the feedback file was written (``written``), as
        plain lines (unescaped: the caller escapes them for where they go).

        >>> ImportMatch([]).summary_lines("passport.feedback.yaml")
        ['Read 0 feedback rows.', 'Wrote 0 rows to passport.feedback.yaml']
        """
        rows = self.rows
        lines = [f"Read {counted(len(rows), 'feedback row')}."]

        def describe(i: int) -> str:
            r = rows[i]
            where = " / ".join(v for v in (r.service, r.stage, r.channel, r.transaction_point) if v)
            return (
                f"row {r.row_id or i + 1}: {where}, {r.quarter}, {r.format.value}, "
                f"{counted(r.trust_answers, 'trust answer')}"
            )

        if self.source is not None:
            lines.append(f"Steps matching feedback source {self.source!r}:")
            for s in self.steps:
                if s.rows:
                    lines.append(f"  {s.step_id} ({s.title}): {counted(len(s.rows), 'row')}")
                    lines += [f"    {describe(i)}" for i in s.rows]
                else:
                    lines.append(f"  {s.step_id} ({s.title}): no row matched")
            unused = self.unused_rows
            if unused:
                lines.append(f"Rows no step takes ({integer(len(unused))}):")
                lines += [f"  {describe(i)}" for i in unused]
        if written is not None:
            lines.append(f"Wrote {counted(len(self.matched_rows), 'row')} to {written}")
        else:
            lines.append("Nothing written (give --output to write a feedback file).")
        return lines


def match_import(
    rows: list[FeedbackRow], journey: Journey | None, source: str | None
) -> ImportMatch:
    """Match imported rows to the steps of ``journey`` whose feedback names ``source``.

    Without a journey every row is kept. The caller picks ``source``; when the journey's
    matches name only one source it is that one.

    Raises:
        ValueError: the journey's steps name several sources and none was picked, or the
            one picked is not named by any step.
    """
    if journey is None:
        return ImportMatch(rows)
    named = list(
        dict.fromkeys(
            s.feedback.match.source for s in journey.steps if s.feedback and s.feedback.match
        )
    )
    if source is None:
        if len(named) != 1:
            what = ", ".join(repr(n) for n in named) or "none"
            msg = f"pick the journey's feedback source to match with --source (steps name {what})"
            raise ValueError(msg)
        source = named[0]
    elif source not in named:
        what = ", ".join(repr(n) for n in named) or "none"
        msg = f"no step of the journey matches feedback source {source!r} (steps name {what})"
        raise ValueError(msg)
    out = ImportMatch(rows, source)
    for step in journey.steps:
        spec = step.feedback.match if step.feedback else None
        if spec is not None and spec.source == source:
            out.steps.append(StepMatch(step.id, step.title, match_rows(spec, rows)))
    return out
