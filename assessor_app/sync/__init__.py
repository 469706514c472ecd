"""Sync with the portal (``docs/sync-protocol.md``): the protocol's messages
(:mod:`~assessor_app.sync.protocol`), the HTTP client (:mod:`~assessor_app.sync.client`), the
token in the OS keyring (:mod:`~assessor_app.sync.credentials`), resumable bundle downloads
(:mod:`~assessor_app.sync.downloads`) and the run that ties them together
(:mod:`~assessor_app.sync.engine`). Qt-free; the UI runs a sync on a worker thread.
"""
