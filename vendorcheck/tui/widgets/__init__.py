"""Widgets the screens of vendorcheck's terminal app share or keep apart for size."""
