"""Scoring: customer time tax, lead time, handoffs, tell-us-once and friction points.

``score(journey)`` turns a journey into a :class:`Scorecard`; ``compare(before, after)``
puts two side by side. The formulas are documented in ``docs/explanation/scoring.md``.
"""

from lifeexp.scoring._scorecard import *  # noqa: F403
from lifeexp.scoring._scorecard import __all__ as _scorecard_all

__all__ = sorted(_scorecard_all)
