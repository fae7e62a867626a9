"""``python -m lifeexp`` runs the command line."""

from lifeexp.cli import main

main()
