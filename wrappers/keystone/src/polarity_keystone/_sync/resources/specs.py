"""Generated from polarity_keystone/_async/resources/specs.py by tools.unasync; do not edit."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from sdk_core import HttpCore

from polarity_keystone._checks import CHECK
from polarity_keystone._parse import list_of, one

if TYPE_CHECKING:
    from polarity_keystone.types import SandboxSpec

__all__ = ["Specs", "yaml_body"]


class _RawBody:
    """What the generated operation reads a raw body from (its ``payload``)."""

    __slots__ = ("payload",)

    def __init__(self, payload: bytes) -> None:
        self.payload = payload


def yaml_body(yaml_content: object) -> _RawBody:
    """``yaml_content`` (str or UTF-8 bytes) as the raw body of ``POST /v1/specs``."""
    if isinstance(yaml_content, str):
        return _RawBody(CHECK.text("yaml_content", yaml_content).encode("utf-8"))
    if not isinstance(yaml_content, bytes | bytearray | memoryview):
        CHECK.fail(
            f"yaml_content must be YAML text (str or bytes), not a {type(yaml_content).__name__}"
        )
    data = bytes(yaml_content)
    try:
        CHECK.text("yaml_content", data.decode("utf-8"))
    except UnicodeDecodeError:
        CHECK.fail("yaml_content: these bytes are not UTF-8 text")
    return _RawBody(data)


class Specs:
    """Sandbox specs: the YAML that says what a sandbox holds and how its runs are scored."""

    def __init__(self, http: HttpCore) -> None:
        self._http = http

    def create(self, yaml_content: str | bytes) -> SandboxSpec:
        """Store a spec from its YAML text (sent as is, ``application/x-yaml``).

        Returns the stored :class:`SandboxSpec` (its ``id`` and ``version``; ``raw`` holds the
        whole answer).

        Raises:
            KeystoneValidationError: the service refused the YAML.

        """
        from _keystone_openapi.api.specs import create_spec

        from polarity_keystone.types import SandboxSpec

        plan = self._http.plan(create_spec, body=yaml_body(yaml_content))
        return self._http.call(plan, one(SandboxSpec))

    def get(self, spec_id: str) -> SandboxSpec:
        """The spec ``spec_id``.

        Raises:
            KeystoneNotFoundError: no such spec.

        """
        from _keystone_openapi.api.specs import get_spec

        from polarity_keystone.types import SandboxSpec

        return self._http.call(self._http.plan(get_spec, spec_id), one(SandboxSpec))

    def list(self) -> builtins.list[SandboxSpec]:
        """Every spec of the workspace."""
        from _keystone_openapi.api.specs import list_specs

        from polarity_keystone.types import SandboxSpec

        return self._http.call(self._http.plan(list_specs), list_of(SandboxSpec))

    def delete(self, spec_id: str) -> None:
        """Delete the spec ``spec_id``.

        Raises:
            KeystoneNotFoundError: no such spec.

        """
        from _keystone_openapi.api.specs import delete_spec

        self._http.call_none(self._http.plan(delete_spec, spec_id))
