"""Which columns of a log hold the case, the activity, the times and the organisation.

The defaults are pm4py's column names (``pm4py.format_dataframe``), so a log exported for pm4py
reads with no options, and so does a log written by ``lifeexp simulate-log``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LogColumns"]


@dataclass(frozen=True, slots=True)
class LogColumns:
    """Column (or XES attribute) names of an event log.

    Attributes:
        case: The case id (pm4py ``case:concept:name``). Never written to any output.
        activity: The activity name (``concept:name``).
        timestamp: When the event completed (``time:timestamp``).
        start_timestamp: When the activity started (pm4py ``start_timestamp``); optional. When
            a log has none, or a row has none, the activity is taken to start when it completes.
        org: The organisation or resource that did the work (``org:resource``); optional.
        lifecycle: The XES lifecycle transition (``lifecycle:transition``); optional. When the
            column exists, ``start`` and ``complete`` rows of the same case and activity are
            paired by occurrence (the k-th start with the k-th complete).
        channel: The contact channel of each event (a customer-side log); optional.
    """

    case: str = "case:concept:name"
    activity: str = "concept:name"
    timestamp: str = "time:timestamp"
    start_timestamp: str = "start_timestamp"
    org: str = "org:resource"
    lifecycle: str = "lifecycle:transition"
    channel: str = "channel"

    def option_names(self) -> dict[str, str]:
        """The command-line option that sets each column, for messages."""
        return {
            "case": "--case",
            "activity": "--activity",
            "timestamp": "--ts",
            "start_timestamp": "--start-ts",
            "org": "--org",
            "lifecycle": "--lifecycle",
            "channel": "--channel",
        }
