"""The package version: the one place it is written.

``pyproject.toml`` reads it from here (hatch's dynamic version), ``lifeexp.__version__``
re-exports it and the report footer prints it. It imports nothing, so any layer may use it.
"""

__version__ = "0.1.0.dev0"
