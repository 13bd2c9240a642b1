"""ASG Gateway configures like the other SDKs: key and base URL from the environment."""

from __future__ import annotations

import pytest
from asg_gateway import ASGGatewayClient, ASGValidationError


def test_the_base_url_comes_from_the_argument_then_the_environment_then_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASG_API_KEY", "sk_sandbox_envkey")
    monkeypatch.delenv("ASG_BASE_URL", raising=False)
    assert ASGGatewayClient().base_url == "https://api.asgrefinery.io"
    monkeypatch.setenv("ASG_BASE_URL", "http://127.0.0.1:8081/")
    assert ASGGatewayClient().base_url == "http://127.0.0.1:8081"
    assert ASGGatewayClient(base_url="http://localhost:9").base_url == "http://localhost:9"
    monkeypatch.setenv("ASG_BASE_URL", "http://host/?token=sk_sandbox_leaky")
    with pytest.raises(ASGValidationError, match=r"\$ASG_BASE_URL") as info:
        ASGGatewayClient()
    assert "leaky" not in str(info.value)
