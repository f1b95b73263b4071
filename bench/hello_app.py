"""The anchor for first paint: a hello-world Textual app with a header and a footer.

    python bench/hello_app.py        # shows "Hello, world" until q
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Hello(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Hello, world")
        yield Footer()


if __name__ == "__main__":
    Hello().run()
