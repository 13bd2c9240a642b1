"""The layout every SDK shares: resource groups in their own modules, mounted and discoverable."""

from __future__ import annotations

import pydoc
from pathlib import Path

import httpx
import pytest
from sdk_core import AsyncHttpCore, Resource

from tools import coverage, unasync
from tools.pins import REPO_ROOT


def test_help_lists_every_resource_group_with_its_type() -> None:
    from gnosys import AsyncGnosysClient, GnosysClient

    for client, prefix in ((GnosysClient, ""), (AsyncGnosysClient, "Async")):
        text = pydoc.render_doc(client, renderer=pydoc.plaintext)
        for name, group in (
            ("datasets", "Datasets"),
            ("runs", "Runs"),
            ("findings", "Findings"),
            ("api_keys", "ApiKeys"),
        ):
            assert f"{name}\n |      {prefix}{group}: " in text, (client.__name__, name)


def test_asg_gateway_documents_its_flat_methods_from_their_group_modules() -> None:
    from asg_gateway import ASGGatewayClient

    text = pydoc.render_doc(ASGGatewayClient, renderer=pydoc.plaintext)
    for method in ("submit_task", "poll_result", "register_webhook", "submit_job"):
        assert f"{method}(self" in text


class _Leaf:
    """The deepest group."""

    def __init__(self, http: AsyncHttpCore) -> None:
        self._http = http

    async def ping(self, thing_id: str) -> None:
        """Reach the nested operation (through a real group, as a nested one would)."""
        from gnosys._async.resources.datasets import AsyncDatasets

        await AsyncDatasets(self._http).get(thing_id)


class _Middle:
    """A group holding a group."""

    leaf = Resource(_Leaf)

    def __init__(self, http: AsyncHttpCore) -> None:
        self._http = http


def test_coverage_finds_methods_of_nested_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    from gnosys import AsyncGnosysClient

    monkeypatch.setattr(AsyncGnosysClient, "nested", Resource(_Middle), raising=False)
    Resource.__set_name__(AsyncGnosysClient.nested, AsyncGnosysClient, "nested")  # type: ignore[attr-defined]
    target = coverage.SERVICES["gnosys"]()
    names = dict(coverage.public_methods(target.async_client(httpx.AsyncClient())))
    assert "nested.leaf.ping" in names
    found = coverage.reach("gnosys", flavour="async")
    assert ("GET", "/v1/datasets/thing_id-1") in found.by_method["nested.leaf.ping"]


def test_resource_groups_cannot_be_overwritten_by_accident() -> None:
    from gnosys import GnosysClient

    client = GnosysClient("gn_live_layout", base_url="http://layout.invalid")
    with pytest.raises(AttributeError, match="resource group"):
        client.runs = None  # type: ignore[assignment,misc]
    assert client.runs is client.runs
    client.close()


def test_with_options_copies_share_the_pool_and_build_their_own_groups() -> None:
    from gnosys import GnosysClient

    client = GnosysClient("gn_live_layout", base_url="http://layout.invalid")
    quick = client.with_options(timeout=1.0)
    assert quick.runs is not client.runs
    assert quick._http._client is client._http._client
    assert quick._http.ctx.timeout.read == 1.0
    assert client._http.ctx.timeout.read == 30.0
    client.close()


def test_unasync_walks_nested_packages_and_flags_orphans(tmp_path: Path) -> None:
    sources = unasync.async_sources()
    rel = {p.relative_to(REPO_ROOT).as_posix() for p in sources}
    assert "wrappers/gnosys/src/gnosys/_async/resources/runs.py" in rel
    assert "wrappers/gnosys/src/gnosys/_async/resources/__init__.py" in rel
    assert unasync.stale_targets() == []
