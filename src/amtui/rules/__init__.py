"""Pure calculations: no I/O, no database, no Textual."""
