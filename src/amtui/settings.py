"""Per-user settings kept outside the workspace: who "me" is, per workspace.

``settings.json`` lives in the user config dir (platformdirs); ``me`` maps a workspace (its
location, password masked) to the team member's name. A missing or unreadable file is no
settings at all, never an error at startup.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

APP_NAME = "amtui"
ENV_ME = "AMTUI_ME"


def settings_path() -> Path:
    """``…/amtui/settings.json`` in the user config dir."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "settings.json"


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def saved_me(workspace: str, path: Path | None = None) -> str | None:
    """The name saved for ``workspace`` (its display location), or None."""
    me = _read(path or settings_path()).get("me")
    name = me.get(workspace) if isinstance(me, dict) else None
    return name if isinstance(name, str) and name else None


def save_me(workspace: str, name: str | None, path: Path | None = None) -> Path:
    """Remember ``name`` as me on ``workspace`` (None forgets it); returns the file written.
    The file is written owner-only, through a temporary file, so a crash never truncates it."""
    path = path or settings_path()
    data = _read(path)
    me = data.get("me") if isinstance(data.get("me"), dict) else {}
    if name:
        me[workspace] = name
    else:
        me.pop(workspace, None)
    data["me"] = me
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2)
    os.replace(tmp, path)
    return path


def chosen_me(flag: str | None, workspace: str, env: dict[str, str] | None = None,
              path: Path | None = None) -> str | None:
    """Who the user says they are: ``--me`` > ``$AMTUI_ME`` > the saved setting > nobody."""
    environ = os.environ if env is None else env
    return flag or environ.get(ENV_ME) or saved_me(workspace, path) or None
