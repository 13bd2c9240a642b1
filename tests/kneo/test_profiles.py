from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import pytest
from kneo_client.core.auth import AuthScheme
from kneo_client.core.profiles import (
    DEFAULT_PROFILE_NAME,
    DEFAULT_TIMEOUT_SECONDS,
    ENV_API_KEY,
    ENV_AUTH_SCHEME,
    ENV_PROFILE,
    ENV_TIMEOUT,
    ENV_URL,
    Profile,
    ProfileError,
    default_config_path,
    load_profile,
)

from tests.kneo.conftest import KEY, OTHER_KEY

CONFIG = f"""
[default]
url = "https://kneo.example.com"
api_key = "{KEY}"
auth_scheme = "bearer"
timeout = 30.0

[staging]
url = "https://staging-kneo.example.com"
api_key = "{OTHER_KEY}"
"""


def write(tmp_path: Path, text: str, name: str = "client.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def assert_no_key(exc: BaseException) -> None:
    for key in (KEY, OTHER_KEY):
        assert key not in str(exc)
        assert key not in repr(exc)


def test_documented_constants() -> None:
    assert DEFAULT_PROFILE_NAME == "default"
    assert DEFAULT_TIMEOUT_SECONDS == 30.0
    assert (ENV_PROFILE, ENV_URL, ENV_API_KEY, ENV_AUTH_SCHEME, ENV_TIMEOUT) == (
        "KNEO_PROFILE",
        "KNEO_URL",
        "KNEO_API_KEY",
        "KNEO_AUTH_SCHEME",
        "KNEO_TIMEOUT",
    )


def test_the_documented_toml_layout_loads(tmp_path: Path) -> None:
    path = write(tmp_path, CONFIG)
    profile = load_profile(config_file=path)
    assert profile == Profile(
        name="default",
        url="https://kneo.example.com",
        api_key=KEY,
        auth_scheme=AuthScheme.BEARER,
        timeout=30.0,
    )
    staging = load_profile("staging", config_file=path)
    assert (staging.name, staging.url, staging.api_key) == (
        "staging",
        "https://staging-kneo.example.com",
        OTHER_KEY,
    )
    # Fields a table leaves out take their defaults.
    assert staging.auth_scheme is AuthScheme.BEARER
    assert staging.timeout == DEFAULT_TIMEOUT_SECONDS


def test_kneo_profile_picks_the_section_and_the_argument_beats_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, CONFIG)
    monkeypatch.setenv("KNEO_PROFILE", "staging")
    assert load_profile(config_file=path).name == "staging"
    assert load_profile(config_file=path).api_key == OTHER_KEY
    assert load_profile("default", config_file=path).api_key == KEY
    monkeypatch.setenv("KNEO_PROFILE", "")  # empty counts as unset
    assert load_profile(config_file=path).name == "default"


@pytest.mark.parametrize(
    ("field", "file_value", "env_value", "kwarg_value"),
    [
        ("url", '"https://file.example"', "https://env.example", "https://kw.example"),
        ("api_key", '"file-key-000000"', "env-key-0000000", "kwarg-key-00000"),
        ("auth_scheme", '"bearer"', "kneo_api_key", AuthScheme.BEARER),
        ("timeout", "5", "6.5", 7.25),
    ],
)
def test_precedence_file_then_environment_then_arguments(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    field: str,
    file_value: str,
    env_value: str,
    kwarg_value: object,
) -> None:
    base = {"url": '"https://base.example"', "api_key": f'"{KEY}"'}
    base[field] = file_value
    path = write(tmp_path, "[default]\n" + "".join(f"{k} = {v}\n" for k, v in base.items()))

    def value() -> object:
        return getattr(load_profile(config_file=path), field)

    file_only = value()
    monkeypatch.setenv(f"KNEO_{field.upper()}", env_value)
    from_env = value()
    overrides: dict[str, Any] = {field: kwarg_value}
    from_kwarg = getattr(load_profile(config_file=path, **overrides), field)
    assert file_only != from_env != from_kwarg
    if field == "timeout":
        assert (file_only, from_env, from_kwarg) == (5.0, 6.5, 7.25)
    elif field == "auth_scheme":
        assert (file_only, from_env, from_kwarg) == (
            AuthScheme.BEARER,
            AuthScheme.KNEO_API_KEY,
            AuthScheme.BEARER,
        )
    else:
        assert from_env == env_value
        assert from_kwarg == kwarg_value


def test_arguments_alone_make_a_profile_and_none_means_not_passed(tmp_path: Path) -> None:
    profile = load_profile(url="https://ad-hoc", api_key=KEY, config_file=tmp_path / "none.toml")
    assert (profile.name, profile.url, profile.timeout) == ("default", "https://ad-hoc", 30.0)
    path = write(tmp_path, CONFIG)
    assert load_profile(config_file=path, url=None).url == "https://kneo.example.com"


def test_empty_environment_variables_count_as_unset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, CONFIG)
    monkeypatch.setenv("KNEO_URL", "")
    monkeypatch.setenv("KNEO_TIMEOUT", "")
    profile = load_profile(config_file=path)
    assert profile.url == "https://kneo.example.com"
    assert profile.timeout == 30.0


def test_a_missing_file_is_skipped_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KNEO_URL", "https://env.example")
    monkeypatch.setenv("KNEO_API_KEY", KEY)
    assert load_profile(config_file=tmp_path / "absent.toml").url == "https://env.example"
    # And so is the default file, when the user never wrote one.
    assert not default_config_path().exists()
    assert load_profile().api_key == KEY


def test_a_missing_section_counts_as_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, CONFIG)
    with pytest.raises(ProfileError, match="no url for profile 'prod'") as info:
        load_profile("prod", config_file=path)
    monkeypatch.setenv("KNEO_URL", "https://env.example")
    monkeypatch.setenv("KNEO_API_KEY", KEY)
    assert load_profile("prod", config_file=path).name == "prod"
    assert_no_key(info.value)


def test_the_default_file_is_read_from_the_platform_config_dir(clean_environment: Path) -> None:
    path = clean_environment / ".config" / "kneo" / "client.toml"
    assert default_config_path() == path
    path.parent.mkdir(parents=True)
    path.write_text(CONFIG, encoding="utf-8")
    assert load_profile().api_key == KEY


@pytest.mark.parametrize("missing", ["url", "api_key"])
def test_a_missing_url_or_key_names_the_profile_and_every_source(
    tmp_path: Path, missing: str
) -> None:
    fields = {"url": '"https://kneo.example.com"', "api_key": f'"{KEY}"'}
    del fields[missing]
    path = write(tmp_path, "[default]\n" + "".join(f"{k} = {v}\n" for k, v in fields.items()))
    with pytest.raises(ProfileError) as info:
        load_profile(config_file=path)
    message = str(info.value)
    assert f"no {missing} for profile 'default'" in message
    assert f"{path} [default]" in message
    assert f"$KNEO_{missing.upper()}" in message
    assert f"{missing}=..." in message
    assert info.value.source is None
    assert_no_key(info.value)


def test_malformed_toml_names_the_file_and_never_the_key(tmp_path: Path) -> None:
    path = write(tmp_path, f'[default]\napi_key = "{KEY}"\nurl = \n')
    with pytest.raises(ProfileError, match="is not valid TOML") as info:
        load_profile(config_file=path)
    assert str(path) in str(info.value)
    assert info.value.source == str(path)
    assert_no_key(info.value)


def test_a_profile_that_is_not_a_table_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, f'default = "{KEY}"\n')
    with pytest.raises(ProfileError, match=r"\[default\]: is not a table") as info:
        load_profile(config_file=path)
    assert_no_key(info.value)


def test_a_config_path_that_cannot_be_read_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot be read") as info:
        load_profile(config_file=tmp_path)  # a directory
    assert info.value.source == str(tmp_path)


def test_unknown_keys_in_a_table_are_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, CONFIG.replace("timeout = 30.0", 'timeout = 30.0\ncolour = "blue"'))
    assert load_profile(config_file=path).url == "https://kneo.example.com"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("bearer", AuthScheme.BEARER),
        ("kneo_api_key", AuthScheme.KNEO_API_KEY),
        ("Bearer", AuthScheme.BEARER),
        (" KNEO_API_KEY ", AuthScheme.KNEO_API_KEY),
    ],
)
def test_auth_scheme_strings_are_accepted_case_insensitively(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: AuthScheme
) -> None:
    monkeypatch.setenv("KNEO_AUTH_SCHEME", value)
    assert load_profile(url="https://k", api_key=KEY).auth_scheme is expected
    assert load_profile(url="https://k", api_key=KEY, auth_scheme=value).auth_scheme is expected


def test_a_bad_auth_scheme_names_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, CONFIG.replace('auth_scheme = "bearer"', 'auth_scheme = "basic"'))
    with pytest.raises(ProfileError, match="must be one of 'bearer', 'kneo_api_key'") as info:
        load_profile(config_file=path)
    assert info.value.source == f"{path} [default] auth_scheme"
    monkeypatch.setenv("KNEO_AUTH_SCHEME", "digest")
    with pytest.raises(ProfileError) as info:
        load_profile(config_file=path)
    assert info.value.source == "$KNEO_AUTH_SCHEME"
    with pytest.raises(ProfileError) as info:
        load_profile(config_file=path, auth_scheme="token")
    assert info.value.source == "argument auth_scheme"
    assert_no_key(info.value)


@pytest.mark.parametrize("value", ["abc", "nan", "NaN", "inf", "-inf", "0", "-1", "1e400", "true"])
def test_a_bad_timeout_from_the_environment(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("KNEO_TIMEOUT", value)
    with pytest.raises(ProfileError, match=r"timeout from \$KNEO_TIMEOUT") as info:
        load_profile(url="https://k", api_key=KEY)
    assert info.value.source == "$KNEO_TIMEOUT"
    assert_no_key(info.value)


@pytest.mark.parametrize("value", ["true", '"abc"', "0", "-5", "nan", "inf", "[1]", "1e10"])
def test_a_bad_timeout_in_the_file(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, CONFIG.replace("timeout = 30.0", f"timeout = {value}"))
    with pytest.raises(ProfileError) as info:
        load_profile(config_file=path)
    assert info.value.source == f"{path} [default] timeout"
    assert f"timeout from {path} [default] timeout" in str(info.value)
    assert_no_key(info.value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 0, -1.0, True, "soon", [3]])
def test_a_bad_timeout_argument(value: object) -> None:
    with pytest.raises(ProfileError) as info:
        load_profile(url="https://k", api_key=KEY, timeout=value)  # type: ignore[arg-type]
    assert info.value.source == "argument timeout"


@pytest.mark.parametrize(("raw", "seconds"), [('"7"', 7.0), ("10", 10.0), ("2.5", 2.5)])
def test_numeric_timeouts_are_floats(tmp_path: Path, raw: str, seconds: float) -> None:
    path = write(tmp_path, CONFIG.replace("timeout = 30.0", f"timeout = {raw}"))
    timeout = load_profile(config_file=path).timeout
    assert timeout == seconds
    assert type(timeout) is float


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://kneo.example.com", "http"),
        ("kneo.example.com", "http"),
        ("https://", "http"),
        ("https://user:pw@kneo.example.com", "credentials"),
        ("https://kneo.example.com/?token=abc", "query"),
        ("https://kneo example.com", "spaces"),
        ("   ", "empty"),
    ],
)
def test_a_bad_url_names_its_source_and_is_never_quoted(
    monkeypatch: pytest.MonkeyPatch, url: str, why: str
) -> None:
    monkeypatch.setenv("KNEO_URL", url)
    with pytest.raises(ProfileError, match=why) as info:
        load_profile(api_key=KEY)
    assert info.value.source == "$KNEO_URL"
    if url.strip():
        assert url not in str(info.value)


def test_a_non_string_url_in_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, CONFIG.replace('url = "https://kneo.example.com"', "url = 5"))
    with pytest.raises(ProfileError, match="must be a string") as info:
        load_profile(config_file=path)
    assert info.value.source == f"{path} [default] url"


@pytest.mark.parametrize("key", [f"{KEY}\n", f" {KEY}", "key with space", "ключ-0000000", "   "])
def test_a_key_a_header_cannot_carry_is_rejected_without_quoting_it(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.setenv("KNEO_API_KEY", key)
    with pytest.raises(ProfileError, match=r"api_key from \$KNEO_API_KEY") as info:
        load_profile(url="https://k")
    if key.strip():
        assert key.strip() not in str(info.value)


def test_an_empty_key_argument_is_an_error_not_a_fallback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KNEO_API_KEY", KEY)
    with pytest.raises(ProfileError, match="api_key from argument api_key is empty"):
        load_profile(url="https://k", api_key="")


def test_an_empty_profile_name_is_an_error() -> None:
    with pytest.raises(ProfileError, match="profile name from argument name"):
        load_profile("", url="https://k", api_key=KEY)


def test_profile_repr_and_str_never_show_the_key() -> None:
    profile = Profile(name="prod", url="https://kneo", api_key=KEY)
    assert KEY not in repr(profile)
    assert KEY not in str(profile)
    assert "https://kneo" in repr(profile)
    assert KEY not in repr([profile, {"p": profile}])


def test_profile_is_frozen_and_hashable() -> None:
    profile = Profile(name="prod", url="https://kneo", api_key=KEY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile.api_key = "x"  # type: ignore[misc]
    assert {profile: 1}[Profile(name="prod", url="https://kneo", api_key=KEY)] == 1


def test_profile_checks_and_normalises_its_fields() -> None:
    profile = Profile(
        name="p",
        url="https://k",
        api_key=KEY,
        auth_scheme="kneo_api_key",  # type: ignore[arg-type]
        timeout=5,
    )
    assert profile.auth_scheme is AuthScheme.KNEO_API_KEY
    assert type(profile.timeout) is float
    with pytest.raises(ProfileError, match=r"Profile\.api_key"):
        Profile(name="p", url="https://k", api_key="")
    with pytest.raises(ProfileError, match=r"Profile\.url"):
        Profile(name="p", url="k", api_key=KEY)
    with pytest.raises(ProfileError, match=r"Profile\.timeout"):
        Profile(name="p", url="https://k", api_key=KEY, timeout=True)
    with pytest.raises(ProfileError, match=r"Profile\.name"):
        Profile(name="", url="https://k", api_key=KEY)


def test_profile_error_is_a_value_error() -> None:
    # The published client raised bare ValueErrors for some of these; `except ValueError` holds.
    assert issubclass(ProfileError, ValueError)


# --- default_config_path: platformdirs when installed, the same rule without it -------------


def _without_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "platformdirs", None)  # makes `import platformdirs` fail


def test_default_path_uses_platformdirs_when_installed(clean_environment: Path) -> None:
    platformdirs = pytest.importorskip("platformdirs")
    expected = Path(platformdirs.user_config_dir("kneo")) / "client.toml"
    assert default_config_path() == expected


@pytest.mark.skipif(sys.platform in {"win32", "darwin"}, reason="the Linux/XDG rule")
@pytest.mark.parametrize("xdg", [None, "/srv/conf", "relative/conf"])
def test_the_fallback_rule_matches_platformdirs_on_linux(
    monkeypatch: pytest.MonkeyPatch, clean_environment: Path, xdg: str | None
) -> None:
    if xdg is not None:
        monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
    platformdirs = pytest.importorskip("platformdirs")
    with_platformdirs = Path(platformdirs.user_config_dir("kneo")) / "client.toml"
    _without_platformdirs(monkeypatch)
    fallback = default_config_path()
    assert fallback == with_platformdirs
    expected_base = Path("/srv/conf") if xdg == "/srv/conf" else clean_environment / ".config"
    assert fallback == expected_base / "kneo" / "client.toml"


def test_the_fallback_rule_on_macos(
    monkeypatch: pytest.MonkeyPatch, clean_environment: Path
) -> None:
    _without_platformdirs(monkeypatch)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert default_config_path() == (
        clean_environment / "Library" / "Application Support" / "kneo" / "client.toml"
    )
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative")
    assert default_config_path().parent.parent.name == "Application Support"
    monkeypatch.setenv("XDG_CONFIG_HOME", "/srv/conf")
    assert default_config_path() == Path("/srv/conf/kneo/client.toml")


def test_the_fallback_rule_on_windows(
    monkeypatch: pytest.MonkeyPatch, clean_environment: Path, tmp_path: Path
) -> None:
    _without_platformdirs(monkeypatch)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert default_config_path() == tmp_path / "Local" / "kneo" / "kneo" / "client.toml"
    monkeypatch.delenv("LOCALAPPDATA")
    assert default_config_path() == (
        clean_environment / "AppData" / "Local" / "kneo" / "kneo" / "client.toml"
    )
