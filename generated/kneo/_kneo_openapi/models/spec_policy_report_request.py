from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.spec_policy_report_request_overrides import SpecPolicyReportRequestOverrides
    from ..models.spec_policy_report_request_spec_type_0 import SpecPolicyReportRequestSpecType0


T = TypeVar("T", bound="SpecPolicyReportRequest")


@_attrs_define
class SpecPolicyReportRequest:
    """Either `spec` or `spec_path` must be set.

    Attributes:
        environment (None | str | Unset): Environment whose policy applies.
        overlays (list[str] | Unset): Overlay names applied on top of the spec.
        overrides (SpecPolicyReportRequestOverrides | Unset): Field overrides applied to the spec.
        spec (None | SpecPolicyReportRequestSpecType0 | Unset): An inline spec document (an object, not a string).
        spec_path (None | str | Unset): A server-side spec reference. Either `spec` or `spec_path` must be set.
    """

    environment: None | str | Unset = UNSET
    overlays: list[str] | Unset = UNSET
    overrides: SpecPolicyReportRequestOverrides | Unset = UNSET
    spec: None | SpecPolicyReportRequestSpecType0 | Unset = UNSET
    spec_path: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.spec_policy_report_request_spec_type_0 import SpecPolicyReportRequestSpecType0  # noqa: PLC0415

        environment: None | str | Unset
        if isinstance(self.environment, Unset):
            environment = UNSET
        else:
            environment = self.environment

        overlays: list[str] | Unset = UNSET
        if not isinstance(self.overlays, Unset):
            overlays = self.overlays

        overrides: dict[str, Any] | Unset = UNSET
        if not isinstance(self.overrides, Unset):
            overrides = self.overrides.to_dict()

        spec: dict[str, Any] | None | Unset
        if isinstance(self.spec, Unset):
            spec = UNSET
        elif isinstance(self.spec, SpecPolicyReportRequestSpecType0):
            spec = self.spec.to_dict()
        else:
            spec = self.spec

        spec_path: None | str | Unset
        if isinstance(self.spec_path, Unset):
            spec_path = UNSET
        else:
            spec_path = self.spec_path

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if environment is not UNSET:
            field_dict["environment"] = environment
        if overlays is not UNSET:
            field_dict["overlays"] = overlays
        if overrides is not UNSET:
            field_dict["overrides"] = overrides
        if spec is not UNSET:
            field_dict["spec"] = spec
        if spec_path is not UNSET:
            field_dict["spec_path"] = spec_path

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.spec_policy_report_request_overrides import SpecPolicyReportRequestOverrides  # noqa: PLC0415
        from ..models.spec_policy_report_request_spec_type_0 import SpecPolicyReportRequestSpecType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_environment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        environment = _parse_environment(d.pop("environment", UNSET))

        overlays = cast(list[str], d.pop("overlays", UNSET))

        _overrides = d.pop("overrides", UNSET)
        overrides: SpecPolicyReportRequestOverrides | Unset
        if isinstance(_overrides, Unset):
            overrides = UNSET
        else:
            overrides = SpecPolicyReportRequestOverrides.from_dict(_overrides)

        def _parse_spec(data: object) -> None | SpecPolicyReportRequestSpecType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                spec_type_0 = SpecPolicyReportRequestSpecType0.from_dict(data)

                return spec_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SpecPolicyReportRequestSpecType0 | Unset, data)

        spec = _parse_spec(d.pop("spec", UNSET))

        def _parse_spec_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        spec_path = _parse_spec_path(d.pop("spec_path", UNSET))

        spec_policy_report_request = cls(
            environment=environment,
            overlays=overlays,
            overrides=overrides,
            spec=spec,
            spec_path=spec_path,
        )

        return spec_policy_report_request
