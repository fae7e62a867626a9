"""Measured evidence brought into journeys: what customers and agencies report.

Evidence sits between loading and checking in the one-way flow (load → evidence → checks →
score → render/report): it reads files named by a journey and turns them into counts, and
never imports checks, scoring, rendering or the report.
"""
