"""The scoring workspace: one open submission, its panes, and the model they share."""
