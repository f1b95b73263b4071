"""What the screens and commands read and write, one module per area.

Services take a :class:`amtui.db.Database`, return plain frozen dataclasses (ORM objects never
leave this package), and never import Textual.
"""
