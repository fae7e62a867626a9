"""A plain error for the commonest slip of a new API user: passing a path where a journey goes.

``lifeexp.score("journeys/x.yaml")`` used to end deep inside the library with
``AttributeError: 'str' object has no attribute 'steps'``.
"""

from __future__ import annotations

from lifeexp.model._journey import Journey

__all__ = ["require_journey"]


def require_journey(value: object, function: str) -> Journey:
    """``value`` itself when it is a :class:`Journey`.

    Raises:
        TypeError: It is anything else; the message says how to get a journey.
    """
    if isinstance(value, Journey):
        return value
    hint = (
        f" (load it first: lifeexp.load_journey({str(value)!r}))"
        if isinstance(value, str) or hasattr(value, "__fspath__")
        else ""
    )
    msg = f"{function}() takes a Journey, not {type(value).__name__}{hint}"
    raise TypeError(msg)
