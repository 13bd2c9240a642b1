"""Generated from polarity_keystone/_async/resources/prompts.py by tools.unasync; do not edit."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sdk_core import HttpCore

from polarity_keystone._checks import CHECK, any_text, optional_count
from polarity_keystone._checks import tag as check_tag
from polarity_keystone._parse import json_object, list_of, one

if TYPE_CHECKING:
    from polarity_keystone.types import Prompt

__all__ = ["Prompts"]


def _rendered(body: bytes) -> str:
    value = json_object(body).get("rendered")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"rendered: expected a string, got {type(value).__name__}")
    return value


class Prompts:
    """Prompts: templates stored by slug, every create a new version (optionally tagged)."""

    def __init__(self, http: HttpCore) -> None:
        self._http = http

    def create(
        self,
        slug: str,
        template: str,
        *,
        tag: str | None = None,
        variables: Mapping[str, Any] | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> Prompt:
        """Store the next version of prompt ``slug``; returns the new :class:`Prompt`.

        ``template`` uses ``{var}`` / ``{{var}}`` placeholders and ``{#name}...{/name}``
        sections; ``variables`` are its stored defaults; ``tag`` names this version.
        """
        from _keystone_openapi.api.prompts import create_prompt

        from polarity_keystone.types import Prompt

        body: dict[str, Any] = {
            "slug": CHECK.text("slug", slug),
            "template": any_text("template", template),
        }
        if tag is not None:
            body["tag"] = check_tag("tag", tag)
        if variables is not None:
            body["variables"] = CHECK.mapping("variables", variables)
        if metadata is not None:
            body["metadata"] = CHECK.mapping("metadata", metadata)
        plan = self._http.plan(create_prompt, body=body)
        return self._http.call(plan, one(Prompt))

    def get(self, slug: str, *, version: int | None = None, tag: str | None = None) -> Prompt:
        """Prompt ``slug``: the latest version, or ``version``, or the one tagged ``tag``.

        Raises:
            KeystoneInvalidArgumentError: both ``version`` and ``tag`` given.
            KeystoneNotFoundError: no such prompt, version or tag.

        """
        from polarity_keystone.types import Prompt

        label = check_tag("tag", tag)
        number = optional_count("version", version, low=0)
        if label is not None and number is not None:
            CHECK.fail("give version or tag, not both")
        if number is not None:
            from _keystone_openapi.api.prompts import get_prompt_version

            plan = self._http.plan(get_prompt_version, slug, number)
        elif label is not None:
            from _keystone_openapi.api.prompts import get_prompt_by_tag

            plan = self._http.plan(get_prompt_by_tag, slug, label)
        else:
            from _keystone_openapi.api.prompts import get_latest_prompt

            plan = self._http.plan(get_latest_prompt, slug)
        return self._http.call(plan, one(Prompt))

    def list(self) -> builtins.list[Prompt]:
        """Every prompt version of the workspace."""
        from _keystone_openapi.api.prompts import list_prompts

        from polarity_keystone.types import Prompt

        return self._http.call(self._http.plan(list_prompts), list_of(Prompt))

    def delete(self, prompt_id: str) -> None:
        """Delete the prompt version ``prompt_id`` (its id, not its slug).

        Raises:
            KeystoneNotFoundError: no such prompt.

        """
        from _keystone_openapi.api.prompts import delete_prompt

        self._http.call_none(self._http.plan(delete_prompt, prompt_id))

    def render(self, prompt_id: str, **variables: Any) -> str:
        """The prompt version ``prompt_id`` rendered by the service with ``variables``
        (merged over its stored ones); returns the text.

        Raises:
            KeystoneNotFoundError: no such prompt.

        """
        from _keystone_openapi.api.prompts import render_prompt

        plan = self._http.plan(render_prompt, prompt_id, body={"variables": variables})
        return self._http.call(plan, _rendered)
