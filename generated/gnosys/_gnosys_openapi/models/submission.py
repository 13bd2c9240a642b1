from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Submission")


@_attrs_define
class Submission:
    """A packaged submission as JSON (what the published 1.0.0 client reads).

    Attributes:
        run_id (str):
        spec_id (str): The packaged (top kept) spec.
        n_kept_considered (int): Kept specs the top one was chosen from (at most `top_n`).
        score (float | None | Unset): The packaged spec's score.
        filename (str | Unset): main.py, or the tarball's name.
        mode (str | Unset): code (`agent_code` is main.py) or rl_train (`tarball_b64` is a .tar.gz), or a newer value.
        bundled_files (list[str] | Unset): The files the package holds.
        agent_code (None | str | Unset): main.py's source (mode code).
        tarball_b64 (None | str | Unset): The .tar.gz, base64-encoded (mode rl_train).
    """

    run_id: str
    spec_id: str
    n_kept_considered: int
    score: float | None | Unset = UNSET
    filename: str | Unset = UNSET
    mode: str | Unset = UNSET
    bundled_files: list[str] | Unset = UNSET
    agent_code: None | str | Unset = UNSET
    tarball_b64: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        spec_id = self.spec_id

        n_kept_considered = self.n_kept_considered

        score: float | None | Unset
        if isinstance(self.score, Unset):
            score = UNSET
        else:
            score = self.score

        filename = self.filename

        mode = self.mode

        bundled_files: list[str] | Unset = UNSET
        if not isinstance(self.bundled_files, Unset):
            bundled_files = self.bundled_files

        agent_code: None | str | Unset
        if isinstance(self.agent_code, Unset):
            agent_code = UNSET
        else:
            agent_code = self.agent_code

        tarball_b64: None | str | Unset
        if isinstance(self.tarball_b64, Unset):
            tarball_b64 = UNSET
        else:
            tarball_b64 = self.tarball_b64

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
                "spec_id": spec_id,
                "n_kept_considered": n_kept_considered,
            }
        )
        if score is not UNSET:
            field_dict["score"] = score
        if filename is not UNSET:
            field_dict["filename"] = filename
        if mode is not UNSET:
            field_dict["mode"] = mode
        if bundled_files is not UNSET:
            field_dict["bundled_files"] = bundled_files
        if agent_code is not UNSET:
            field_dict["agent_code"] = agent_code
        if tarball_b64 is not UNSET:
            field_dict["tarball_b64"] = tarball_b64

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        run_id = d.pop("run_id")

        spec_id = d.pop("spec_id")

        n_kept_considered = d.pop("n_kept_considered")

        def _parse_score(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        score = _parse_score(d.pop("score", UNSET))

        filename = d.pop("filename", UNSET)

        mode = d.pop("mode", UNSET)

        bundled_files = cast(list[str], d.pop("bundled_files", UNSET))

        def _parse_agent_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        agent_code = _parse_agent_code(d.pop("agent_code", UNSET))

        def _parse_tarball_b64(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tarball_b64 = _parse_tarball_b64(d.pop("tarball_b64", UNSET))

        submission = cls(
            run_id=run_id,
            spec_id=spec_id,
            n_kept_considered=n_kept_considered,
            score=score,
            filename=filename,
            mode=mode,
            bundled_files=bundled_files,
            agent_code=agent_code,
            tarball_b64=tarball_b64,
        )

        submission.additional_properties = d
        return submission

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
