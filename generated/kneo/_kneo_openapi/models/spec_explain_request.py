from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.spec_explain_request_spec_type_0 import SpecExplainRequestSpecType0


T = TypeVar("T", bound="SpecExplainRequest")


@_attrs_define
class SpecExplainRequest:
    """Only `spec` / `spec_path`: 0.4.0 servers answer 422 to `environment`, `overlays` or `overrides` here.

    Attributes:
        spec (None | SpecExplainRequestSpecType0 | Unset): An inline spec document (an object, not a string).
        spec_path (None | str | Unset): A server-side spec reference. Either `spec` or `spec_path` must be set.
    """

    spec: None | SpecExplainRequestSpecType0 | Unset = UNSET
    spec_path: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.spec_explain_request_spec_type_0 import SpecExplainRequestSpecType0  # noqa: PLC0415

        spec: dict[str, Any] | None | Unset
        if isinstance(self.spec, Unset):
            spec = UNSET
        elif isinstance(self.spec, SpecExplainRequestSpecType0):
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
        if spec is not UNSET:
            field_dict["spec"] = spec
        if spec_path is not UNSET:
            field_dict["spec_path"] = spec_path

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.spec_explain_request_spec_type_0 import SpecExplainRequestSpecType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_spec(data: object) -> None | SpecExplainRequestSpecType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                spec_type_0 = SpecExplainRequestSpecType0.from_dict(data)

                return spec_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SpecExplainRequestSpecType0 | Unset, data)

        spec = _parse_spec(d.pop("spec", UNSET))

        def _parse_spec_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        spec_path = _parse_spec_path(d.pop("spec_path", UNSET))

        spec_explain_request = cls(
            spec=spec,
            spec_path=spec_path,
        )

        return spec_explain_request
