"""Screens: one module per top-level screen, plus modal forms.

:func:`optional_screen` imports a screen that may not exist yet in this build, so the shell
keeps working while other screens are written.
"""

from __future__ import annotations

import importlib
from typing import Any

from textual.app import App
from textual.widget import Widget


def optional_screen(node: App[Any] | Widget, module: str, name: str, what: str) -> Any | None:
    """The class ``name`` from ``amtui.screens.<module>``, or None after telling the user.

    Only a missing module counts as "not built yet"; any other import error surfaces.
    """
    qualified = f"amtui.screens.{module}"
    try:
        found = importlib.import_module(qualified)
    except ModuleNotFoundError as exc:
        if exc.name != qualified:
            raise
        node.notify(f"{what} isn't built yet.", title="Not available", severity="warning", markup=False)
        return None
    return getattr(found, name)
