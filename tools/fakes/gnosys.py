"""The Gnosys fake's old import path; the fake ships with the SDK as ``gnosys.testing``."""

from gnosys.testing._fake import GnosysFake, GnosysFakeConfig, create_app

__all__ = ["GnosysFake", "GnosysFakeConfig", "create_app"]
