"""Pydantic models for journeys and catalogs."""

from lifeexp.model._catalog import *  # noqa: F403
from lifeexp.model._catalog import __all__ as _catalog_all
from lifeexp.model._figures import *  # noqa: F403
from lifeexp.model._figures import __all__ as _figures_all
from lifeexp.model._guard import *  # noqa: F403
from lifeexp.model._guard import __all__ as _guard_all
from lifeexp.model._journey import *  # noqa: F403
from lifeexp.model._journey import __all__ as _journey_all
from lifeexp.model._values import *  # noqa: F403
from lifeexp.model._values import __all__ as _values_all

__all__ = sorted([*_catalog_all, *_figures_all, *_guard_all, *_journey_all, *_values_all])
