from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run_create_request_metadata import RunCreateRequestMetadata
    from ..models.run_create_request_overrides import RunCreateRequestOverrides
    from ..models.run_create_request_spec_type_0 import RunCreateRequestSpecType0


T = TypeVar("T", bound="RunCreateRequest")


@_attrs_define
class RunCreateRequest:
    """Body of POST /v1/runs and POST /v1/specs/run. Closed: an unknown field is a 422 `extra_forbidden`.

    Attributes:
        input_ (str): The run's input text (required).
        async_mode (bool | Unset): Enqueue and answer at once with status `queued` instead of blocking until a terminal
            or blocked status. Default: False.
        environment (None | str | Unset): Environment whose policy gates the run.
        metadata (RunCreateRequestMetadata | Unset):
        overlays (list[str] | Unset):
        overrides (RunCreateRequestOverrides | Unset):
        spec (None | RunCreateRequestSpecType0 | Unset): An inline spec document.
        spec_path (None | str | Unset): A server-side spec reference. There is no `spec_id` field: a body carrying one
            is a 422.
        target (str | Unset): What to run, an open string. Known values: `workflow` (default), `agent`. Default:
            'workflow'.
    """

    input_: str
    async_mode: bool | Unset = False
    environment: None | str | Unset = UNSET
    metadata: RunCreateRequestMetadata | Unset = UNSET
    overlays: list[str] | Unset = UNSET
    overrides: RunCreateRequestOverrides | Unset = UNSET
    spec: None | RunCreateRequestSpecType0 | Unset = UNSET
    spec_path: None | str | Unset = UNSET
    target: str | Unset = "workflow"

    def to_dict(self) -> dict[str, Any]:
        from ..models.run_create_request_spec_type_0 import RunCreateRequestSpecType0  # noqa: PLC0415

        input_ = self.input_

        async_mode = self.async_mode

        environment: None | str | Unset
        if isinstance(self.environment, Unset):
            environment = UNSET
        else:
            environment = self.environment

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        overlays: list[str] | Unset = UNSET
        if not isinstance(self.overlays, Unset):
            overlays = self.overlays

        overrides: dict[str, Any] | Unset = UNSET
        if not isinstance(self.overrides, Unset):
            overrides = self.overrides.to_dict()

        spec: dict[str, Any] | None | Unset
        if isinstance(self.spec, Unset):
            spec = UNSET
        elif isinstance(self.spec, RunCreateRequestSpecType0):
            spec = self.spec.to_dict()
        else:
            spec = self.spec

        spec_path: None | str | Unset
        if isinstance(self.spec_path, Unset):
            spec_path = UNSET
        else:
            spec_path = self.spec_path

        target = self.target

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "input": input_,
            }
        )
        if async_mode is not UNSET:
            field_dict["async_mode"] = async_mode
        if environment is not UNSET:
            field_dict["environment"] = environment
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if overlays is not UNSET:
            field_dict["overlays"] = overlays
        if overrides is not UNSET:
            field_dict["overrides"] = overrides
        if spec is not UNSET:
            field_dict["spec"] = spec
        if spec_path is not UNSET:
            field_dict["spec_path"] = spec_path
        if target is not UNSET:
            field_dict["target"] = target

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.run_create_request_metadata import RunCreateRequestMetadata  # noqa: PLC0415
        from ..models.run_create_request_overrides import RunCreateRequestOverrides  # noqa: PLC0415
        from ..models.run_create_request_spec_type_0 import RunCreateRequestSpecType0  # noqa: PLC0415

        d = dict(src_dict)
        input_ = d.pop("input")

        async_mode = d.pop("async_mode", UNSET)

        def _parse_environment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        environment = _parse_environment(d.pop("environment", UNSET))

        _metadata = d.pop("metadata", UNSET)
        metadata: RunCreateRequestMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = RunCreateRequestMetadata.from_dict(_metadata)

        overlays = cast(list[str], d.pop("overlays", UNSET))

        _overrides = d.pop("overrides", UNSET)
        overrides: RunCreateRequestOverrides | Unset
        if isinstance(_overrides, Unset):
            overrides = UNSET
        else:
            overrides = RunCreateRequestOverrides.from_dict(_overrides)

        def _parse_spec(data: object) -> None | RunCreateRequestSpecType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                spec_type_0 = RunCreateRequestSpecType0.from_dict(data)

                return spec_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RunCreateRequestSpecType0 | Unset, data)

        spec = _parse_spec(d.pop("spec", UNSET))

        def _parse_spec_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        spec_path = _parse_spec_path(d.pop("spec_path", UNSET))

        target = d.pop("target", UNSET)

        run_create_request = cls(
            input_=input_,
            async_mode=async_mode,
            environment=environment,
            metadata=metadata,
            overlays=overlays,
            overrides=overrides,
            spec=spec,
            spec_path=spec_path,
            target=target,
        )

        return run_create_request
