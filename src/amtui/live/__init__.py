"""Live refresh: notice what OTHER processes write to the workspace.

:mod:`~amtui.live.watcher` runs a polling thread over a *source*
(:mod:`~amtui.live.sqlite_source`, :mod:`~amtui.live.pg_source`) and reports changes, lost
connections and their return through callbacks. Nothing here imports Textual; the app side
is :mod:`amtui.live_link`.
"""
