"""The reference page's examples the docs cannot force, run against the fake platform.

docs/kneo/*.md run the page's other examples (tests/test_documented_examples.py); these need
the fake's fault hooks: the error-handling example meeting a reused key and a 429, and the
page's uncorrected calls getting their clear errors.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from kneo_client import KneoClient
from kneo_client.core.errors import (
    KneoError,
    KneoIdempotencyMismatchError,
    KneoRateLimited,
    KneoValidationError,
)
from kneo_client.testing import FakeKneo

log = logging.getLogger("page-example")


async def create_as_the_page_does(client: KneoClient, payload: Any, key: str) -> Any:
    """The page's error-handling example, as written (the sleep shortened)."""
    try:
        return await client.platform.runs.create(payload, idempotency_key=key)
    except KneoIdempotencyMismatchError as exc:
        # Same key reused with a different payload — almost always a caller bug.
        log.error("mismatch on key=%r body=%r", exc.idempotency_key, exc.body)
        raise
    except KneoRateLimited as exc:
        await asyncio.sleep(min(exc.retry_after or 10, 0.01))
        return "rate limited"
    except KneoError as exc:
        log.error("create_run failed status=%s rid=%s", exc.status, exc.request_id)
        raise


async def test_the_error_handling_example_meets_a_reused_key_and_a_429(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with FakeKneo() as fake:
        client = fake.async_client()
        first = await create_as_the_page_does(client, {"input": "one"}, "page-key")
        assert first.status == "completed"
        with pytest.raises(KneoIdempotencyMismatchError) as caught:
            await create_as_the_page_does(client, {"input": "two"}, "page-key")
        assert caught.value.idempotency_key == "page-key"
        assert caught.value.code == "idempotency_key_conflict"
        assert "mismatch on key='page-key'" in caplog.text
        # The same key and payload again is the platform's replay, not an error.
        again = await create_as_the_page_does(client, {"input": "one"}, "page-key")
        assert again.run_id == first.run_id

        fake.inject_faults("POST", "/v1/runs", [429, 429, 429], retry_after=3)
        assert await create_as_the_page_does(client, {"input": "three"}, "key-2") == "rate limited"
        posts = [r for r in fake.received if r.method == "POST" and r.path == "/v1/runs"]
        assert [r.headers.get("idempotency-key") for r in posts[-3:]] == ["key-2"] * 3
        await client.aclose()


async def test_the_pages_uncorrected_calls_get_clear_errors() -> None:
    with FakeKneo() as fake:
        client = fake.async_client()
        with pytest.raises(KneoValidationError) as caught:
            await client.platform.runs.create({"spec_id": "my-spec"})
        types = {(tuple(e["loc"]), e["type"]) for e in caught.value.errors}
        assert types >= {(("body", "input"), "missing"), (("body", "spec_id"), "extra_forbidden")}
        assert "spec_path" in str(caught.value)
        with pytest.raises(KneoValidationError, match="spec"):
            await client.agent.specs.validate({"spec": "a spec as text"})  # must be an object
        await client.aclose()
