"""Screens: one module per top-level screen, plus modal forms and their parts."""
