"""The pure core: models, checklist loading, scoring, costs and contract scanning.

Nothing in this package performs I/O or imports textual, sqlite_utils or weasyprint;
tests/test_boundaries.py keeps it that way.
"""
