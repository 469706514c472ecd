"""The Help menu's windows: the user guide (docs/user-guide.md) and the About box."""
