from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run_create_request_lab import RunCreateRequestLab
    from ..models.run_create_request_literature import RunCreateRequestLiterature
    from ..models.run_create_request_llm import RunCreateRequestLlm
    from ..models.run_create_request_llm_critic import RunCreateRequestLlmCritic
    from ..models.run_create_request_sandbox_config import RunCreateRequestSandboxConfig
    from ..models.run_create_request_spec_template import RunCreateRequestSpecTemplate
    from ..models.run_create_request_specs_item import RunCreateRequestSpecsItem
    from ..models.strategist import Strategist


T = TypeVar("T", bound="RunCreateRequest")


@_attrs_define
class RunCreateRequest:
    """
    Attributes:
        domain (str): tabular (alias tabular_regression) or strategy.
        strategist (Strategist):
        spec_template (RunCreateRequestSpecTemplate | Unset): Required for hp_sweep / agent / llm.
        specs (list[RunCreateRequestSpecsItem] | Unset): Required for fixed.
        max_iterations (int | Unset):  Default: 5.
        tier_reached (str | Unset):
        no_progress_window (int | Unset):
        concurrency (int | Unset): Specs proposed per iteration (agent / llm); default 4. Default: 4.
        llm (RunCreateRequestLlm | Unset):
        llm_critic (RunCreateRequestLlmCritic | Unset):
        enable_code_exec (bool | Unset):  Default: False.
        sandbox_config (RunCreateRequestSandboxConfig | Unset): Only with enable_code_exec.
        literature (RunCreateRequestLiterature | Unset): Literature-search settings for agent / llm strategists.
        primary_metric (str | Unset): The metric specs are ranked by (e.g. roc_auc, accuracy, rmse).
        lab (RunCreateRequestLab | Unset): Lab settings.
    """

    domain: str
    strategist: Strategist
    spec_template: RunCreateRequestSpecTemplate | Unset = UNSET
    specs: list[RunCreateRequestSpecsItem] | Unset = UNSET
    max_iterations: int | Unset = 5
    tier_reached: str | Unset = UNSET
    no_progress_window: int | Unset = UNSET
    concurrency: int | Unset = 4
    llm: RunCreateRequestLlm | Unset = UNSET
    llm_critic: RunCreateRequestLlmCritic | Unset = UNSET
    enable_code_exec: bool | Unset = False
    sandbox_config: RunCreateRequestSandboxConfig | Unset = UNSET
    literature: RunCreateRequestLiterature | Unset = UNSET
    primary_metric: str | Unset = UNSET
    lab: RunCreateRequestLab | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        domain = self.domain

        strategist = self.strategist.to_dict()

        spec_template: dict[str, Any] | Unset = UNSET
        if not isinstance(self.spec_template, Unset):
            spec_template = self.spec_template.to_dict()

        specs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.specs, Unset):
            specs = []
            for specs_item_data in self.specs:
                specs_item = specs_item_data.to_dict()
                specs.append(specs_item)

        max_iterations = self.max_iterations

        tier_reached = self.tier_reached

        no_progress_window = self.no_progress_window

        concurrency = self.concurrency

        llm: dict[str, Any] | Unset = UNSET
        if not isinstance(self.llm, Unset):
            llm = self.llm.to_dict()

        llm_critic: dict[str, Any] | Unset = UNSET
        if not isinstance(self.llm_critic, Unset):
            llm_critic = self.llm_critic.to_dict()

        enable_code_exec = self.enable_code_exec

        sandbox_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sandbox_config, Unset):
            sandbox_config = self.sandbox_config.to_dict()

        literature: dict[str, Any] | Unset = UNSET
        if not isinstance(self.literature, Unset):
            literature = self.literature.to_dict()

        primary_metric = self.primary_metric

        lab: dict[str, Any] | Unset = UNSET
        if not isinstance(self.lab, Unset):
            lab = self.lab.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "domain": domain,
                "strategist": strategist,
            }
        )
        if spec_template is not UNSET:
            field_dict["spec_template"] = spec_template
        if specs is not UNSET:
            field_dict["specs"] = specs
        if max_iterations is not UNSET:
            field_dict["max_iterations"] = max_iterations
        if tier_reached is not UNSET:
            field_dict["tier_reached"] = tier_reached
        if no_progress_window is not UNSET:
            field_dict["no_progress_window"] = no_progress_window
        if concurrency is not UNSET:
            field_dict["concurrency"] = concurrency
        if llm is not UNSET:
            field_dict["llm"] = llm
        if llm_critic is not UNSET:
            field_dict["llm_critic"] = llm_critic
        if enable_code_exec is not UNSET:
            field_dict["enable_code_exec"] = enable_code_exec
        if sandbox_config is not UNSET:
            field_dict["sandbox_config"] = sandbox_config
        if literature is not UNSET:
            field_dict["literature"] = literature
        if primary_metric is not UNSET:
            field_dict["primary_metric"] = primary_metric
        if lab is not UNSET:
            field_dict["lab"] = lab

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.run_create_request_lab import RunCreateRequestLab  # noqa: PLC0415
        from ..models.run_create_request_literature import RunCreateRequestLiterature  # noqa: PLC0415
        from ..models.run_create_request_llm import RunCreateRequestLlm  # noqa: PLC0415
        from ..models.run_create_request_llm_critic import RunCreateRequestLlmCritic  # noqa: PLC0415
        from ..models.run_create_request_sandbox_config import RunCreateRequestSandboxConfig  # noqa: PLC0415
        from ..models.run_create_request_spec_template import RunCreateRequestSpecTemplate  # noqa: PLC0415
        from ..models.run_create_request_specs_item import RunCreateRequestSpecsItem  # noqa: PLC0415
        from ..models.strategist import Strategist  # noqa: PLC0415

        d = dict(src_dict)
        domain = d.pop("domain")

        strategist = Strategist.from_dict(d.pop("strategist"))

        _spec_template = d.pop("spec_template", UNSET)
        spec_template: RunCreateRequestSpecTemplate | Unset
        if isinstance(_spec_template, Unset):
            spec_template = UNSET
        else:
            spec_template = RunCreateRequestSpecTemplate.from_dict(_spec_template)

        _specs = d.pop("specs", UNSET)
        specs: list[RunCreateRequestSpecsItem] | Unset = UNSET
        if _specs is not UNSET:
            specs = []
            for specs_item_data in _specs:
                specs_item = RunCreateRequestSpecsItem.from_dict(specs_item_data)

                specs.append(specs_item)

        max_iterations = d.pop("max_iterations", UNSET)

        tier_reached = d.pop("tier_reached", UNSET)

        no_progress_window = d.pop("no_progress_window", UNSET)

        concurrency = d.pop("concurrency", UNSET)

        _llm = d.pop("llm", UNSET)
        llm: RunCreateRequestLlm | Unset
        if isinstance(_llm, Unset):
            llm = UNSET
        else:
            llm = RunCreateRequestLlm.from_dict(_llm)

        _llm_critic = d.pop("llm_critic", UNSET)
        llm_critic: RunCreateRequestLlmCritic | Unset
        if isinstance(_llm_critic, Unset):
            llm_critic = UNSET
        else:
            llm_critic = RunCreateRequestLlmCritic.from_dict(_llm_critic)

        enable_code_exec = d.pop("enable_code_exec", UNSET)

        _sandbox_config = d.pop("sandbox_config", UNSET)
        sandbox_config: RunCreateRequestSandboxConfig | Unset
        if isinstance(_sandbox_config, Unset):
            sandbox_config = UNSET
        else:
            sandbox_config = RunCreateRequestSandboxConfig.from_dict(_sandbox_config)

        _literature = d.pop("literature", UNSET)
        literature: RunCreateRequestLiterature | Unset
        if isinstance(_literature, Unset):
            literature = UNSET
        else:
            literature = RunCreateRequestLiterature.from_dict(_literature)

        primary_metric = d.pop("primary_metric", UNSET)

        _lab = d.pop("lab", UNSET)
        lab: RunCreateRequestLab | Unset
        if isinstance(_lab, Unset):
            lab = UNSET
        else:
            lab = RunCreateRequestLab.from_dict(_lab)

        run_create_request = cls(
            domain=domain,
            strategist=strategist,
            spec_template=spec_template,
            specs=specs,
            max_iterations=max_iterations,
            tier_reached=tier_reached,
            no_progress_window=no_progress_window,
            concurrency=concurrency,
            llm=llm,
            llm_critic=llm_critic,
            enable_code_exec=enable_code_exec,
            sandbox_config=sandbox_config,
            literature=literature,
            primary_metric=primary_metric,
            lab=lab,
        )

        run_create_request.additional_properties = d
        return run_create_request

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
