"""The Textual terminal app: thin screens over vendorcheck.services."""
