"""Google GenAI (``google-genai``): read ``generate_content`` results, whole or streamed.

Token convention (``usage_metadata``): ``prompt_token_count`` INCLUDES
``cached_content_token_count``; ``candidates_token_count`` EXCLUDES ``thoughts_token_count``,
which is billed as output, so output = candidates + thoughts (reasoning = thoughts);
``tool_use_prompt_token_count`` (tool results fed back) is billed as input. A stream's chunks
each carry the usage so far; the last one wins.

Provider name (``gen_ai.provider.name`` and ``gen_ai.system``): OpenTelemetry's
``gcp.gemini`` for the Gemini Developer API, ``gcp.vertex_ai`` for a Vertex AI client
(``genai.Client(vertexai=True)``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from polarity_keystone._instrument._result import (
    LLMResult,
    ToolCall,
    Usage,
    arguments_text,
    get,
    items,
    number,
    text,
)

__all__ = [
    "GEMINI",
    "VERTEX_AI",
    "GenerateStreamAccumulator",
    "generate_result",
    "generate_usage",
    "provider_name",
    "sampling_options",
]

GEMINI = "gcp.gemini"
VERTEX_AI = "gcp.vertex_ai"

_OPTION_KEYS = ("temperature", "top_p", "max_output_tokens")


def provider_name(client: object) -> str:
    """``gcp.vertex_ai`` for a Vertex AI client (sync or ``aio``), else ``gcp.gemini``."""
    api = get(client, "_api_client")
    return VERTEX_AI if get(api, "vertexai") is True else GEMINI


def sampling_options(kwargs: Mapping[str, Any]) -> Mapping[str, Any]:
    """The request's ``config`` (a dict or a ``GenerateContentConfig``) as sampling options."""
    config = kwargs.get("config")
    if config is None:
        return {}
    return {key: get(config, key) for key in _OPTION_KEYS}


def generate_usage(usage: object) -> Usage:
    """A ``GenerateContentResponseUsageMetadata`` in disjoint buckets."""
    prompt = number(get(usage, "prompt_token_count")) + number(
        get(usage, "tool_use_prompt_token_count")
    )
    cached = min(number(get(usage, "cached_content_token_count")), prompt)
    thoughts = number(get(usage, "thoughts_token_count"))
    return Usage(
        input_tokens=prompt - cached,
        output_tokens=number(get(usage, "candidates_token_count")) + thoughts,
        cache_read_tokens=cached,
        reasoning_tokens=thoughts,
    )


def _reason(value: object) -> str:
    # FinishReason is a str Enum; its value is the wire's "STOP", "MAX_TOKENS", ...
    return text(getattr(value, "value", value))


def _reasons(candidates: object) -> tuple[str, ...]:
    return tuple(
        reason
        for candidate in items(candidates)
        if (reason := _reason(get(candidate, "finish_reason")))
    )


def _parts(candidate: object) -> tuple[str, list[ToolCall]]:
    texts: list[str] = []
    calls: list[ToolCall] = []
    for part in items(get(get(candidate, "content"), "parts")):
        call = get(part, "function_call")
        if call is not None:
            calls.append(
                ToolCall(
                    name=text(get(call, "name")),
                    arguments=arguments_text(get(call, "args")),
                    id=text(get(call, "id")),
                )
            )
        # Thought summaries are not the answer.
        if get(part, "thought") is not True:
            texts.append(text(get(part, "text")))
    return "".join(texts), calls


def generate_result(response: object) -> LLMResult:
    """A ``GenerateContentResponse``: the first candidate's text and function calls."""
    candidates = items(get(response, "candidates"))
    answer, calls = _parts(candidates[0]) if candidates else ("", [])
    return LLMResult(
        text=answer,
        tool_calls=tuple(calls),
        usage=generate_usage(get(response, "usage_metadata")),
        model=text(get(response, "model_version")),
        response_id=text(get(response, "response_id")),
        finish_reasons=tuple(
            reason
            for candidate in candidates
            if (reason := _reason(get(candidate, "finish_reason")))
        ),
    )


@dataclass
class GenerateStreamAccumulator:
    """Folds streamed ``GenerateContentResponse`` chunks (first candidate's text and calls)."""

    _text: list[str] = field(default_factory=list)
    _calls: list[ToolCall] = field(default_factory=list)
    _usage: Usage = field(default_factory=Usage)
    _model: str = ""
    _id: str = ""
    _reasons: tuple[str, ...] = ()

    def add(self, chunk: object) -> None:
        """Take one chunk into account."""
        self._model = text(get(chunk, "model_version")) or self._model
        self._id = text(get(chunk, "response_id")) or self._id
        usage = get(chunk, "usage_metadata")
        if usage is not None:
            self._usage = generate_usage(usage)
        candidates = items(get(chunk, "candidates"))
        if candidates:
            answer, calls = _parts(candidates[0])
            self._text.append(answer)
            self._calls.extend(calls)
        reasons = tuple(
            reason
            for candidate in candidates
            if (reason := _reason(get(candidate, "finish_reason")))
        )
        self._reasons = reasons or self._reasons

    def result(self) -> LLMResult:
        """What the chunks so far add up to."""
        return LLMResult(
            text="".join(self._text),
            tool_calls=tuple(self._calls),
            usage=self._usage,
            model=self._model,
            response_id=self._id,
            finish_reasons=self._reasons,
        )
