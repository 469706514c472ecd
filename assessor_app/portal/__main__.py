"""``python -m assessor_app.portal``: same as the ``assessor-portal`` command."""

from __future__ import annotations

from assessor_app.portal.cli import main

raise SystemExit(main())
