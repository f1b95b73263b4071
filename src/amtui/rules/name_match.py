"""Matching a typed name against stored ones: whitespace and case do not matter.

Pure: the client of a capture line, the client typed in the quick log and a contact named on
the capture line are all found this way (exact name first, else a prefix).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from amtui.rules.text import clean_text

T = TypeVar("T")


def fold_name(text: str) -> str:
    """A name as compared: cleaned, runs of whitespace made one space, case-folded."""
    return " ".join(clean_text(text).split()).casefold()


def exact_and_prefix(query: str, items: Sequence[T], name: Callable[[T], str]) -> tuple[list[T], list[T]]:
    """The ``items`` whose name equals the folded ``query`` (case-insensitive), and those whose
    name starts with it."""
    q = fold_name(query)
    exact = [item for item in items if name(item).casefold() == q]
    prefix = [item for item in items if name(item).casefold().startswith(q)]
    return exact, prefix
