"""Sync with the portal in the desktop app: the controller that runs syncs off the GUI thread
(:mod:`.sync_controller`), the status-bar item (:mod:`.sync_status`), the sync panel
(:mod:`.sync_panel`), the dialogs for conflicts, refused changes and signing in, and the
wiring the main window uses (:mod:`.sync_ui`)."""
