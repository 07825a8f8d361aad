"""The service layer: every action a user can take, for the CLI, the TUI and the reports alike.

Shells parse input and present output; they call these functions and nothing below them.
"""
