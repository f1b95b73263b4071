"""Files in and out of the workspace: iCalendar export of bookings (``ics``); CSV import/export
and Markdown reports to come. Nothing here imports Textual."""
