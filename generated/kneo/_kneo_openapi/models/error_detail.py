from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_detail_diagnostics_item import ErrorDetailDiagnosticsItem


T = TypeVar("T", bound="ErrorDetail")


@_attrs_define
class ErrorDetail:
    """The structured error envelope's `detail` (kneo_serv 0.6.0 and later). Further context keys (`limit`, `scope`,
    `metadata`, ...) may appear.

        Attributes:
            error (str): Machine-readable error code (snake_case), an open string. Known values by status: 400
                `invalid_request`, `spec_invalid` (with `diagnostics`), `token_budget_exceeded`, `invalid_idempotency_key` (key
                longer than 256 characters); 401 `unauthorized`; 403 `forbidden`; 404 `not_found`; 409 `run_state_conflict`,
                `resource_locked`, `idempotency_key_in_progress` (with Retry-After), `idempotency_key_conflict`,
                `human_task_expired` (with `continuation_id`, `expires_at`); 413 `payload_too_large`; 422 `guardrail_violation`,
                `unknown_query_parameters`, `spec_path_confined`, `invalid_timestamp`; 500 `internal_error`; 503 `queue_full`
                (with Retry-After), `not_ready`.
            message (str): Human-readable message.
            resource (str | Unset): The resource the error is about, when there is one.
            required_scope (str | Unset): The scope the key lacks (403).
            queue_depth (int | Unset): The run queue depth (503 `queue_full`).
            max_body_bytes (int | Unset): The body limit (413 `payload_too_large`).
            continuation_id (str | Unset): The human task (409 `human_task_expired`).
            expires_at (float | Unset): The task deadline as epoch seconds (409 `human_task_expired`).
            diagnostics (list[ErrorDetailDiagnosticsItem] | Unset): Spec diagnostics (400 `spec_invalid`).
    """

    error: str
    message: str
    resource: str | Unset = UNSET
    required_scope: str | Unset = UNSET
    queue_depth: int | Unset = UNSET
    max_body_bytes: int | Unset = UNSET
    continuation_id: str | Unset = UNSET
    expires_at: float | Unset = UNSET
    diagnostics: list[ErrorDetailDiagnosticsItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error = self.error

        message = self.message

        resource = self.resource

        required_scope = self.required_scope

        queue_depth = self.queue_depth

        max_body_bytes = self.max_body_bytes

        continuation_id = self.continuation_id

        expires_at = self.expires_at

        diagnostics: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.diagnostics, Unset):
            diagnostics = []
            for diagnostics_item_data in self.diagnostics:
                diagnostics_item = diagnostics_item_data.to_dict()
                diagnostics.append(diagnostics_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
                "message": message,
            }
        )
        if resource is not UNSET:
            field_dict["resource"] = resource
        if required_scope is not UNSET:
            field_dict["required_scope"] = required_scope
        if queue_depth is not UNSET:
            field_dict["queue_depth"] = queue_depth
        if max_body_bytes is not UNSET:
            field_dict["max_body_bytes"] = max_body_bytes
        if continuation_id is not UNSET:
            field_dict["continuation_id"] = continuation_id
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if diagnostics is not UNSET:
            field_dict["diagnostics"] = diagnostics

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_detail_diagnostics_item import ErrorDetailDiagnosticsItem  # noqa: PLC0415

        d = dict(src_dict)
        error = d.pop("error")

        message = d.pop("message")

        resource = d.pop("resource", UNSET)

        required_scope = d.pop("required_scope", UNSET)

        queue_depth = d.pop("queue_depth", UNSET)

        max_body_bytes = d.pop("max_body_bytes", UNSET)

        continuation_id = d.pop("continuation_id", UNSET)

        expires_at = d.pop("expires_at", UNSET)

        _diagnostics = d.pop("diagnostics", UNSET)
        diagnostics: list[ErrorDetailDiagnosticsItem] | Unset = UNSET
        if _diagnostics is not UNSET:
            diagnostics = []
            for diagnostics_item_data in _diagnostics:
                diagnostics_item = ErrorDetailDiagnosticsItem.from_dict(diagnostics_item_data)

                diagnostics.append(diagnostics_item)

        error_detail = cls(
            error=error,
            message=message,
            resource=resource,
            required_scope=required_scope,
            queue_depth=queue_depth,
            max_body_bytes=max_body_bytes,
            continuation_id=continuation_id,
            expires_at=expires_at,
            diagnostics=diagnostics,
        )

        error_detail.additional_properties = d
        return error_detail

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
