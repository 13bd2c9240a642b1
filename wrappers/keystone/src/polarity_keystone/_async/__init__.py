"""The async client: the single hand-written source of every resource method.

``_sync`` is generated from this package by ``python -m tools.unasync``; never edit it by hand.
"""
