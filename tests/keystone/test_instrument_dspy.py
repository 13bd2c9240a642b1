"""``auto_instrument()`` and DSPy (the real package: ``dspy.LM`` on a scripted custom engine, or
on its LiteLLM engine with LiteLLM's ``mock_response``), reporting to the Keystone fake: one
``llm_call`` per LM call whatever the entry point (``lm(...)``, ``acall``, ``forward``, a
``dspy.Predict``), usage, errors, LiteLLM muted underneath, idempotence."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import dspy
import litellm
import pytest
from dspy.lm15 import Message, Response, ToolCallPart, Usage
from dspy.utils.exceptions import LMError
from polarity_keystone import traced
from polarity_keystone._instrument import _auto
from polarity_keystone.testing import FakeKeystone

from tests.keystone._instrument_support import events, fresh_fake, llm_calls

MODEL = "openai/gpt-4o-mini"


class Engine:
    """A custom lm15 engine answering from a script; a script item that is an exception is
    raised instead."""

    def __init__(self, *answers: Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[Any] = []

    def _next(self, request: Any) -> Response:
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def complete(self, request: Any) -> Response:
        return self._next(request)


class AsyncEngine(Engine):
    async def complete(self, request: Any) -> Response:  # type: ignore[override]
        return self._next(request)


def answer(content: Any = "hello", *, finish: str = "stop") -> Response:
    return Response(
        id="resp-1",
        model="gpt-4o-mini-2024-07-18",
        message=Message.assistant(content),
        finish_reason=finish,
        usage=Usage(input_tokens=100, output_tokens=20, cache_read_tokens=40),
    )


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeKeystone]:
    yield from fresh_fake(monkeypatch)


@pytest.fixture
def ks(fake: FakeKeystone) -> Any:
    return fake.client()


@pytest.fixture
def sandbox(ks: Any) -> str:
    sandbox = str(ks.sandboxes.create(spec_id="agent").id)
    labels = ks.observe(sandbox_id=sandbox)
    assert "dspy" in labels
    assert "litellm" in labels
    return sandbox


def test_an_lm_call_is_one_llm_call_with_usage_under_the_traced_span(
    fake: FakeKeystone, sandbox: str
) -> None:
    lm = dspy.LM(MODEL, engine=Engine(answer()), cache=False, temperature=0.3)

    @traced
    def agent() -> list[Any]:
        return lm("Say hello")  # type: ignore[no-any-return]

    assert agent() == ["hello"]
    (call,) = llm_calls(fake)
    (start,) = events(fake, event_type="tool_call", phase="start")
    assert call["tool"] == "dspy.LM"
    assert call["status"] == "ok"
    assert call["sandbox_id"] == sandbox
    assert call["parent_span_id"] == start["span_id"]
    assert json.loads(call["input"]) == [{"role": "user", "content": "Say hello"}]
    assert call["output"] == "hello"
    metadata = call["metadata"]
    assert metadata["gen_ai.provider.name"] == "openai"
    assert metadata["gen_ai.request.model"] == MODEL
    assert metadata["gen_ai.request.temperature"] == 0.3
    assert metadata["gen_ai.response.model"] == "gpt-4o-mini-2024-07-18"
    assert metadata["gen_ai.response.id"] == "resp-1"
    assert metadata["gen_ai.response.finish_reasons"] == ["stop"]
    cost = call["cost"]
    # lm15's OpenAI input_tokens include the cached ones, as LiteLLM's prompt_tokens do.
    assert (cost["input_tokens"], cost["cache_read_tokens"], cost["output_tokens"]) == (60, 40, 20)
    assert cost["model"] == "gpt-4o-mini-2024-07-18"
    assert cost["estimated_usd"] > 0


async def test_acall_and_the_direct_forward_entry_points_report_once_each(
    fake: FakeKeystone, sandbox: str
) -> None:
    lm = dspy.LM(MODEL, engine=Engine(answer()), async_engine=AsyncEngine(answer()), cache=False)
    assert await lm.acall("Say hello") == ["hello"]
    sync = dspy.LM(MODEL, engine=Engine(answer()), cache=False)
    response = sync.forward(prompt="Say hello")
    assert response is not None
    calls = llm_calls(fake)
    assert [call["tool"] for call in calls] == ["dspy.LM", "dspy.LM"]
    assert all(call["cost"]["output_tokens"] == 20 for call in calls)


def test_a_predict_module_call_reports_its_lm_call_and_tool_calls(
    fake: FakeKeystone, sandbox: str
) -> None:
    reply = "[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]"
    tool = ToolCallPart(id="call_1", name="lookup", input={"q": "capital"})
    lm = dspy.LM(MODEL, engine=Engine(answer(reply), answer([tool])), cache=False)
    with dspy.context(lm=lm):
        assert dspy.Predict("question -> answer")(question="Capital of France?").answer == "Paris"
    (output,) = lm("look it up")
    assert output["tool_calls"][0]["function"]["name"] == "lookup"
    first, second = llm_calls(fake)
    assert "Capital of France?" in first["input"]
    assert first["output"].startswith("[[ ## answer ## ]]")
    (tool_use,) = events(fake, event_type="tool_use")
    assert (tool_use["tool"], json.loads(tool_use["input"])) == ("lookup", {"q": "capital"})
    assert tool_use["parent_span_id"] == second["span_id"]


def test_the_litellm_engine_underneath_is_muted_one_call_one_event(
    fake: FakeKeystone, sandbox: str
) -> None:
    assert getattr(litellm.completion, "__keystone_instrumented__", False)
    lm = dspy.LM("anthropic/claude-haiku-4-5", engine="litellm", cache=False)
    assert lm("hi", mock_response="Hi there!") == ["Hi there!"]
    (call,) = llm_calls(fake)
    assert call["tool"] == "dspy.LM"
    assert call["metadata"]["gen_ai.provider.name"] == "anthropic"
    assert call["output"] == "Hi there!"
    # LiteLLM's mock usage, read from the CallResult.
    assert (call["cost"]["input_tokens"], call["cost"]["output_tokens"]) == (10, 20)
    # A direct LiteLLM call still reports itself.
    litellm.completion(
        model="openai/gpt-4o", messages=[{"role": "user", "content": "x"}], mock_response="y"
    )
    assert [c["tool"] for c in llm_calls(fake)] == ["dspy.LM", "litellm.completion"]


def test_an_engine_error_is_an_error_span_and_propagates(fake: FakeKeystone, sandbox: str) -> None:
    lm = dspy.LM(MODEL, engine=Engine(ValueError("engine down")), cache=False, num_retries=0)
    with pytest.raises(LMError) as raised:
        lm("hi")
    (call,) = llm_calls(fake)
    assert call["status"] == "error"
    # What the caller catches (DSPy's own wrapping of the engine's error) is what is recorded.
    assert isinstance(raised.value, LMError)
    assert call["error_type"] == type(raised.value).__name__


def test_patched_once_labelled_and_reset_restores(
    fake: FakeKeystone, ks: Any, sandbox: str
) -> None:
    from dspy.clients import execution

    patched = execution.execute
    assert getattr(patched, "__keystone_instrumented__", False)
    assert ks.observe(sandbox_id=sandbox, tracing=False).count("dspy") == 1
    assert execution.execute is patched
    lm = dspy.LM(MODEL, engine=Engine(answer()), cache=False)
    lm("hi")
    assert len(llm_calls(fake)) == 1
    _auto.reset()
    assert "dspy" not in _auto.applied()
    assert execution.execute is patched.__wrapped__
    assert not getattr(execution.aexecute, "__keystone_instrumented__", False)
