"""The Kneo fake's import path in tools; it ships with the SDK as ``kneo_client.testing``."""

from kneo_client.testing._fake import SPEC_PATH, KneoFake, KneoFakeConfig, create_app

__all__ = ["SPEC_PATH", "KneoFake", "KneoFakeConfig", "create_app"]
