"""``python -m amtui``: the same entry point as the ``amtui`` command."""

from amtui.cli import main

if __name__ == "__main__":
    main()
