"""Placeholder until the shell lands (replaced by the app shell)."""
