"""View models and formatting shared by services, the renderer and the shells.

Pure values and text (labels, money, the report's typed data): no database, no Textual, no
WeasyPrint, and nothing of vendorcheck.services, so the renderer can take what services build
without importing them back (issue 20: render imports no service).
"""
