"""Generated from polarity_keystone/_async/resources/alerts.py by tools.unasync; do not edit."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sdk_core import HttpCore

from polarity_keystone._checks import CHECK

if TYPE_CHECKING:
    from polarity_keystone.types import AlertRule

__all__ = ["ALERT_FIELDS", "Alerts", "alert_body"]

#: The fields an alert rule is created with (``AlertRuleCreate``).
ALERT_FIELDS = (
    "name",
    "condition",
    "notify",
    "eval_id",
    "window",
    "webhook_url",
    "slack_channel",
    "id",
)


def _given(rule: object) -> dict[str, Any]:
    """The fields of ``rule`` (a dict, an :class:`AlertRule`, or a name)."""
    from polarity_keystone.types import AlertRule

    if isinstance(rule, str):
        return {"name": rule}
    if isinstance(rule, AlertRule):
        # A rule read back holds "" for unset fields; only the set ones are sent.
        return {field: getattr(rule, field) for field in ALERT_FIELDS if getattr(rule, field)}
    if not isinstance(rule, Mapping):
        CHECK.fail(f"rule must be a dict, an AlertRule or a rule name, not a {type(rule).__name__}")
    unknown = [key for key in rule if key not in ALERT_FIELDS]
    if unknown:
        shown = ", ".join(CHECK.preview(str(key)) for key in unknown[:5])
        CHECK.fail(f"rule has unknown fields {shown} (known: {', '.join(ALERT_FIELDS)})")
    return {key: value for key, value in rule.items() if value is not None}


def alert_body(rule: object, overrides: Mapping[str, object]) -> dict[str, Any]:
    """The ``AlertRuleCreate`` body: ``rule``'s fields, keyword arguments over them."""
    fields = {**_given(rule), **{k: v for k, v in overrides.items() if v is not None}}
    body: dict[str, Any] = {}
    for key, value in fields.items():
        where = f"rule[{key!r}]" if key not in overrides or overrides[key] is None else key
        body[key] = CHECK.url(where, value) if key == "webhook_url" else CHECK.text(where, value)
    for required in ("name", "condition"):
        if required not in body:
            CHECK.fail(
                f"rule needs a {required}: pass it in the dict, or as {required}=... "
                "(e.g. rule={'name': 'pass-rate-drop', 'condition': 'pass_rate < 0.8'})"
            )
    return body


class Alerts:
    """Alert rules: a condition over run metrics, and where to say when it holds."""

    def __init__(self, http: HttpCore) -> None:
        self._http = http

    def create(
        self,
        rule: Mapping[str, Any] | AlertRule | str,
        condition: str | None = None,
        notify: str | None = None,
        *,
        eval_id: str | None = None,
        window: str | None = None,
        webhook_url: str | None = None,
        slack_channel: str | None = None,
    ) -> AlertRule:
        """Create an alert rule; returns the stored :class:`AlertRule` (with its ``id``).

        ``rule`` is the page's dict (``{"name", "condition", "notify", "slack_channel",
        ...}``), an :class:`AlertRule`, or just the rule's name (the published client's
        ``create(name, condition, notify)``). Keyword arguments add to it and win over its
        fields. ``notify`` is ``"webhook"`` (the service's default) or ``"slack"``.

        Raises:
            KeystoneInvalidArgumentError: no name or condition, an unknown field, a value
                that is not text, or a ``webhook_url`` that is not an http(s) URL.

        """
        from _keystone_openapi.api.alerts import create_alert

        from polarity_keystone._parse import one
        from polarity_keystone.types import AlertRule

        overrides = {
            "condition": condition,
            "notify": notify,
            "eval_id": eval_id,
            "window": window,
            "webhook_url": webhook_url,
            "slack_channel": slack_channel,
        }
        plan = self._http.plan(create_alert, body=alert_body(rule, overrides))
        return self._http.call(plan, one(AlertRule))

    def list(self) -> builtins.list[AlertRule]:
        """Every alert rule of the workspace."""
        from _keystone_openapi.api.alerts import list_alerts

        from polarity_keystone._parse import list_of
        from polarity_keystone.types import AlertRule

        return self._http.call(self._http.plan(list_alerts), list_of(AlertRule))

    def delete(self, alert_id: str) -> None:
        """Delete the alert rule ``alert_id``.

        Raises:
            KeystoneNotFoundError: no such rule.

        """
        from _keystone_openapi.api.alerts import delete_alert

        self._http.call_none(self._http.plan(delete_alert, alert_id))
