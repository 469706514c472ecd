"""Entry script of the packaged desktop app: the same ``main`` as the ``assessor-app`` command."""

from assessor_app.cli import main

raise SystemExit(main())
