"""The async client and adapters: the one hand-written copy (``_sync/`` is generated from it)."""
