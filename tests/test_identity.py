"""Identity: who is using amtui (--me > $AMTUI_ME > the saved setting), matched to a team
member with close matches on a typo; ``amtui me``; ``amtui log`` recording who logged;
``amtui today`` scoped to my clients with ``--all`` for the whole team."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select
from tests.ui.test_roster_support import seed_small

from amtui.cli import cli
from amtui.config import resolve_target
from amtui.db import Database, open_database
from amtui.models import Interaction
from amtui.services.identity import Me, UnknownMemberError, my_client_ids, pick_member, resolve_member
from amtui.settings import chosen_me, save_me, saved_me, settings_path

MEMBERS = [(1, "Maya Brandt"), (2, "Tom Okafor"), (3, "Tomas Lind")]


def test_pick_member_exact_start_and_word_start() -> None:
    assert pick_member("maya brandt", MEMBERS) == Me(1, "Maya Brandt")
    assert pick_member("MAY", MEMBERS) == Me(1, "Maya Brandt")
    assert pick_member("okafor", MEMBERS) == Me(2, "Tom Okafor")  # a later word's start
    assert pick_member("Tom Okafor", MEMBERS).member_id == 2


def test_pick_member_ambiguous_and_unknown_list_close_names() -> None:
    with pytest.raises(UnknownMemberError) as ambiguous:
        pick_member("tom", MEMBERS)
    assert ambiguous.value.suggestions == ["Tom Okafor", "Tomas Lind"]
    assert "matches several" in str(ambiguous.value)
    with pytest.raises(UnknownMemberError) as typo:
        pick_member("Mya Brandt", MEMBERS)
    assert typo.value.suggestions == ["Maya Brandt"] and "did you mean Maya Brandt?" in str(typo.value)
    with pytest.raises(UnknownMemberError) as nobody:
        pick_member("Zed", MEMBERS)
    assert nobody.value.suggestions == [] and "no team member called 'Zed'" in str(nobody.value)


def test_precedence_flag_then_env_then_setting(tmp_path: Path) -> None:
    file = tmp_path / "settings.json"
    save_me("/ws/a.db", "Maya Brandt", file)
    assert chosen_me(None, "/ws/a.db", {}, file) == "Maya Brandt"
    assert chosen_me(None, "/ws/a.db", {"AMTUI_ME": "Tom"}, file) == "Tom"
    assert chosen_me("Priya", "/ws/a.db", {"AMTUI_ME": "Tom"}, file) == "Priya"
    assert chosen_me(None, "/ws/other.db", {}, file) is None  # kept per workspace


def test_settings_file_is_owner_only_and_forgets(tmp_path: Path) -> None:
    file = tmp_path / "cfg" / "settings.json"
    save_me("w1", "Maya", file)
    save_me("w2", "Tom", file)
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    save_me("w1", None, file)
    assert json.loads(file.read_text()) == {"me": {"w2": "Tom"}}
    file.write_text("{not json")
    assert saved_me("w2", file) is None  # an unreadable file is no setting, never a crash


def test_resolve_and_my_clients_on_each_backend(db: Database) -> None:
    seeded = seed_small(db)
    maya = resolve_member(db, "maya")
    assert maya == Me(seeded.members["Maya Brandt"], "Maya Brandt")
    assert my_client_ids(db, maya.member_id) == {seeded.clients["Harbor Foods"], seeded.clients["Lumen Optics"]}


# --- the command line ----------------------------------------------------------------------------

@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AMTUI_TZ", "Europe/Berlin")
    path = tmp_path / "ws.db"
    db = open_database(resolve_target(str(path)))
    seed_small(db)
    db.dispose()
    return path


def amtui(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def logged_by(path: Path) -> list[int | None]:
    db = open_database(resolve_target(str(path)))
    try:
        with db.read() as s:
            return [r.logged_by_id for r in s.scalars(select(Interaction).where(Interaction.summary == "from cli"))]
    finally:
        db.dispose()


def member_id(path: Path, name: str) -> int:
    db = open_database(resolve_target(str(path)))
    try:
        return resolve_member(db, name).member_id
    finally:
        db.dispose()


def test_amtui_me_saves_and_reports(workspace: Path) -> None:
    saved = amtui("me", "maya", "--db", str(workspace))
    assert saved.exit_code == 0, saved.stderr
    assert "you are Maya Brandt" in saved.stdout
    assert saved_me(str(workspace)) == "Maya Brandt"
    assert settings_path().exists()
    shown = amtui("me", "--db", str(workspace))
    assert shown.stdout == "Maya Brandt\n"
    typo = amtui("me", "Tom Okafr", "--db", str(workspace))
    assert typo.exit_code == 1 and "did you mean Tom Okafor?" in typo.stderr
    assert saved_me(str(workspace)) == "Maya Brandt"  # a refused name changes nothing
    assert amtui("me", "--forget", "--db", str(workspace)).exit_code == 0
    assert saved_me(str(workspace)) is None


def test_log_records_who_logged_it_cli_over_env_over_setting(workspace: Path) -> None:
    maya, tom = member_id(workspace, "Maya"), member_id(workspace, "Tom")
    db = ["--db", str(workspace)]
    assert amtui("me", "maya", *db).exit_code == 0
    assert amtui("log", "harbor", "from cli", *db).exit_code == 0  # the setting
    assert amtui("log", "harbor", "from cli", *db, env={"AMTUI_ME": "tom"}).exit_code == 0  # env beats it
    result = amtui("--me", "maya", "log", "harbor", "from cli", *db, env={"AMTUI_ME": "tom"})  # flag beats env
    assert result.exit_code == 0, result.stderr
    assert logged_by(workspace) == [maya, tom, maya]


def test_log_with_an_unknown_me_writes_nothing(workspace: Path) -> None:
    result = amtui("log", "harbor", "from cli", "--me", "Maia", "--db", str(workspace))
    assert result.exit_code == 1
    assert "no team member called 'Maia'; did you mean Maya Brandt?" in result.stderr
    assert logged_by(workspace) == []


def test_log_without_identity_records_nobody(workspace: Path) -> None:
    assert amtui("log", "harbor", "from cli", "--db", str(workspace)).exit_code == 0
    assert logged_by(workspace) == [None]


def test_today_is_scoped_to_me_and_all_widens(workspace: Path) -> None:
    db = ["--db", str(workspace), "--json"]
    whole = json.loads(amtui("today", *db).stdout)
    mine = amtui("today", "--me", "maya", *db)
    assert mine.exit_code == 0, mine.stderr
    mine_items = json.loads(mine.stdout)
    assert "scope: Maya Brandt" in mine.stderr
    widened = json.loads(amtui("today", "--me", "maya", "--all", *db).stdout)
    assert widened == whole
    subjects = {i["subject"] for i in mine_items}
    assert subjects and subjects <= {"Harbor Foods", "Lumen Optics"}
    assert {"Café Øresund"} <= {i["subject"] for i in whole} - subjects
    assert [i["rank"] for i in mine_items] == list(range(1, len(mine_items) + 1))
