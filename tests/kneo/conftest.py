"""Every Kneo test starts from a clean slate: no KNEO_* variables, and a HOME of its own.

So the default config path points into an empty temporary home, never at the developer's
real ``~/.config/kneo/client.toml``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

KEY = "kn-test-key-0123456789abcdef"
OTHER_KEY = "kn-other-key-fedcba9876543210"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in (
        "KNEO_PROFILE",
        "KNEO_URL",
        "KNEO_API_KEY",
        "KNEO_AUTH_SCHEME",
        "KNEO_TIMEOUT",
        "XDG_CONFIG_HOME",
    ):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home
