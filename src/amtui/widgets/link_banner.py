"""The banner shown on every screen while the database does not answer.

:func:`show_link_banner` puts one on a screen (or updates the one there); :func:`hide_link_banner`
takes it away. On a screen the banner sits in the layout below its (docked) header, pushing the
content down; on a dialog (a modal screen) it is docked one row from the top, exactly over the
dimmed banner of the screen behind, so it reads undimmed. The reason is the driver's own line, shown literally.
"""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Static

from amtui.rules.text import one_line

BANNER_ID = "link-banner"


def banner_text(reason: str, since: datetime) -> Content:
    """``⚠ No connection to the database since 14:02:07, retrying. …`` then the reason."""
    return Content.assemble(
        ("⚠ No connection to the database", "bold"),
        f" since {since:%H:%M:%S}, retrying. What you type is kept; save once this banner is gone.\n",
        (one_line(reason, 200), "italic"),
    )


class LinkBanner(Static):
    """One banner per screen, id :data:`BANNER_ID`."""

    DEFAULT_CSS = """
    LinkBanner {
        height: auto;
        padding: 0 1;
        background: $error 25%;
        color: $text;
        border-left: thick $error;
    }
    LinkBanner.-docked {
        dock: top;
        margin-top: 1;
    }
    """


def show_link_banner(screen: Screen[object], reason: str, since: datetime) -> None:
    """Show (or update) the banner on ``screen``."""
    text = banner_text(reason, since)
    for banner in screen.query_children(LinkBanner):
        banner.update(text)
        return
    banner = LinkBanner(text, id=BANNER_ID)
    if isinstance(screen, ModalScreen):
        banner.add_class("-docked")
        screen.mount(banner, before=0 if screen.children else None)
        return
    headers = list(screen.query_children(Header))
    if headers:
        screen.mount(banner, after=headers[0])
    else:
        screen.mount(banner, before=0 if screen.children else None)


def hide_link_banner(screen: Screen[object]) -> None:
    """Remove the banner from ``screen`` (nothing when it has none)."""
    screen.query_children(LinkBanner).remove()
