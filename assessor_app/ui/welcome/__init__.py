"""The first-run welcome page: sign in to a portal, try the demo, or import a bundle file."""
