"""The Keystone fake's import path in tools; it ships as ``polarity_keystone.testing``."""

from polarity_keystone.testing._fake import SPEC_PATH, KeystoneFake, KeystoneFakeConfig, create_app

__all__ = ["SPEC_PATH", "KeystoneFake", "KeystoneFakeConfig", "create_app"]
