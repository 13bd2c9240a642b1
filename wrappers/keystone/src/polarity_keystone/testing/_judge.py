"""The fake's LLM judge (``POST /v1/judge/completions``): a deterministic grader.

No model runs. The grader reads the tagged sections of the last user message —
``<agent_output>``, ``<question>``, ``<expected>``, ``<context>``, ``<source>``,
``<instruction>``, ``<baseline>``, their values HTML-escaped as the SDK's judge scorers send
them — and the template key of the SDK's prompts (a ``Task (<key>)`` line; without one it goes
by which sections are present). It answers, as the first choice's content, one JSON object
``{"score": s, "passed": s >= 0.5, "reason": "..."}`` where ``s`` is a simple, meaningful
similarity over lower-cased word tokens (stop words left out):

* ``factuality``, ``closed_qa``, ``answer_correctness``: the share of the expected answer's
  tokens found in the output; ``answer_similarity``, ``sql_judge``, ``translation`` (with a
  reference): the Jaccard index of output and expected; a translation without a reference
  passes when it is non-empty and not the source copied;
* ``answer_relevancy``: the share of the question's tokens found in the output;
  ``faithfulness`` and ``summarization``: the share of the output's tokens found in the context
  (the source);
* ``context_precision``: the share of the context's tokens found in the expected answer;
  ``context_recall``: the share of the expected answer's tokens found in the context;
  ``context_relevancy``: the share of the question's tokens found in the context;
  ``context_entity_recall``: the same over entities (capitalised words and numbers);
* ``battle``: ``0.5 + (sim(output) - sim(baseline)) / 2`` with ``sim`` the overlap with the
  instruction (1 = the output is better, 0.5 = a tie);
* ``moderation`` and ``security``: 0 when the output holds a word or phrase of
  :data:`BLOCKLIST`, else 1 (1 = safe); ``humor``: 1 when the output laughs or jokes.

Misbehaving on purpose:

* ``set_judge_reply(fake, "not json")`` makes the judge answer that text (any text: garbage,
  ``"8/10"``, two objects) as the content of otherwise well-formed completions, ``times=n``
  for the next ``n`` only; ``set_judge_reply(fake, None)`` restores the grader. ``fake`` is a
  ``FakeKeystone`` or its ``KeystoneFake`` state.
* 5xx and lost answers: the fault injector, ``fake.inject_faults("POST",
  "/v1/judge/completions", [500, 500, 500])``.
"""

from __future__ import annotations

import html
import json
import re
import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sdk_core.fakes import digest

__all__ = [
    "BLOCKLIST",
    "PASS_AT",
    "TAGS",
    "grade",
    "judge_completion",
    "sections",
    "set_judge_reply",
]

#: The tags the grader reads (the SDK's judge prompts wrap each value in one).
TAGS = ("agent_output", "question", "expected", "context", "source", "instruction", "baseline")
#: What ``moderation`` and ``security`` refuse: words (matched as tokens) and phrases.
BLOCKLIST = frozenset(
    {
        "kill",
        "hate",
        "idiot",
        "stupid",
        "bomb",
        "weapon",
        "attack",
        "password",
        "passwd",
        "exploit",
        "malware",
        "rm -rf",
        "drop table",
        "api key",
        "private key",
    }
)
#: The score from which a verdict passes.
PASS_AT = 0.5

_SECTION = re.compile(r"<(" + "|".join(TAGS) + r")>\n?(.*?)\n?</\1>", re.DOTALL)
_TASK = re.compile(r"Task \(([a-z_]+)\)")
_WORD = re.compile(r"[a-z0-9]+")
_ENTITY = re.compile(r"\b(?:[A-Z][\w-]*|\d[\d.,]*)")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "but",
        "with",
        "by",
        "as",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "what",
        "which",
        "who",
        "whom",
        "how",
        "why",
        "when",
        "where",
        "do",
        "does",
        "did",
        "i",
        "you",
        "he",
        "she",
        "we",
        "they",
        "me",
        "my",
        "your",
        "our",
        "their",
        "his",
        "her",
        "from",
        "into",
        "than",
        "then",
        "so",
        "if",
        "not",
        "no",
        "yes",
    ]
)
_LAUGHS = frozenset({"joke", "jokes", "funny", "haha", "lol", "pun", "laugh", "hilarious"})
_NO_REFERENCE = "(no reference provided)"


@dataclass
class _Override:
    reply: str
    remaining: int | None


_LOCK = threading.Lock()
_OVERRIDES: weakref.WeakKeyDictionary[object, _Override] = weakref.WeakKeyDictionary()


def _state_of(fake: object) -> object:
    # A FakeKeystone holds its KeystoneFake as `.state`; the handler sees the KeystoneFake.
    return getattr(fake, "state", fake)


def set_judge_reply(fake: object, reply: str | None, *, times: int | None = None) -> None:
    """Make ``fake``'s judge answer ``reply`` as its content (None: grade again).

    Args:
        fake: a ``FakeKeystone`` or its ``KeystoneFake``.
        reply: the content every judge completion carries from now on.
        times: only the next ``times`` completions (None: until reset).

    """
    if reply is not None and not isinstance(reply, str):
        raise TypeError(f"reply must be a str or None, not {type(reply).__name__}")
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        raise ValueError("times must be a positive int (or None: until reset)")
    state = _state_of(fake)
    with _LOCK:
        if reply is None:
            _OVERRIDES.pop(state, None)
        else:
            _OVERRIDES[state] = _Override(reply, times)


def _take_override(state: object) -> str | None:
    with _LOCK:
        override = _OVERRIDES.get(state)
        if override is None:
            return None
        if override.remaining is not None:
            override.remaining -= 1
            if override.remaining <= 0:
                del _OVERRIDES[state]
        return override.reply


def sections(text: str) -> dict[str, str]:
    """The tagged sections of ``text``, unescaped (the first of each tag wins)."""
    found: dict[str, str] = {}
    for match in _SECTION.finditer(text):
        found.setdefault(match.group(1), html.unescape(match.group(2)))
    return found


def _tokens(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if word not in _STOP}


def _share(part: str, whole: str) -> float:
    """The share of ``part``'s tokens found in ``whole`` (0 when ``part`` has none)."""
    wanted = _tokens(part)
    return len(wanted & _tokens(whole)) / len(wanted) if wanted else 0.0


def _jaccard(a: str, b: str) -> float:
    left, right = _tokens(a), _tokens(b)
    union = left | right
    return len(left & right) / len(union) if union else 0.0


def _blocked(text: str) -> str | None:
    lowered = text.lower()
    words = set(_WORD.findall(lowered))
    for entry in sorted(BLOCKLIST):
        if (" " in entry and entry in lowered) or entry in words:
            return entry
    return None


def _infer_task(found: Mapping[str, str]) -> str:
    if "baseline" in found:
        return "battle"
    if "context" in found:
        return "faithfulness"
    if "expected" in found:
        return "factuality"
    if "question" in found:
        return "answer_relevancy"
    return "moderation"


def grade(text: str) -> tuple[float, str]:
    """The score and reason for the grading prompt ``text`` (see the module docstring)."""
    found = sections(text)
    task_match = _TASK.search(text)
    task = task_match.group(1) if task_match else _infer_task(found)
    out = found.get("agent_output", "")
    expected = found.get("expected", "")
    question = found.get("question", "")
    context = found.get("context", found.get("source", ""))
    if task in {"moderation", "security"}:
        hit = _blocked(out)
        return (0.0, f"unsafe: contains {hit!r}") if hit else (1.0, "nothing unsafe found")
    if task == "humor":
        laughs = bool(_tokens(out) & _LAUGHS) or "!" in out
        return (1.0, "it jokes") if laughs else (0.0, "no humour found")
    if task == "battle":
        instruction = found.get("instruction", "")
        ours = _share(instruction, out)
        theirs = _share(instruction, found.get("baseline", ""))
        score = min(1.0, max(0.0, 0.5 + (ours - theirs) / 2))
        return score, f"output covers {ours:.2f} of the instruction, the baseline {theirs:.2f}"
    if task == "translation":
        if expected and expected != _NO_REFERENCE:
            return _jaccard(out, expected), "token overlap with the reference"
        source = found.get("source", "")
        ok = bool(out.strip()) and out.strip() != source.strip()
        return (1.0 if ok else 0.0), "no reference: a non-empty text other than the source"
    ratios = {
        "factuality": lambda: _share(expected, out),
        "closed_qa": lambda: _share(expected, out),
        "answer_correctness": lambda: _share(expected, out),
        "answer_similarity": lambda: _jaccard(out, expected),
        "sql_judge": lambda: _jaccard(out, expected),
        "answer_relevancy": lambda: _share(question, out),
        "faithfulness": lambda: _share(out, context),
        "summarization": lambda: _share(out, context),
        "context_precision": lambda: _share(context, expected),
        "context_recall": lambda: _share(expected, context),
        "context_relevancy": lambda: _share(question, context),
        "context_entity_recall": lambda: _entity_recall(expected, context),
    }
    ratio = ratios.get(task)
    if ratio is None:
        score = _share(expected or question, out)
        return score, f"unknown task {task!r}: token overlap {score:.2f}"
    score = ratio()
    return score, f"{task}: token overlap {score:.2f}"


def _entity_recall(expected: str, context: str) -> float:
    entities = {e.lower().rstrip(".,") for e in _ENTITY.findall(expected)}
    if not entities:
        return _share(expected, context)
    lowered = context.lower()
    return sum(1 for e in entities if e in lowered) / len(entities)


def _words(messages: list[dict[str, Any]]) -> int:
    return sum(len(str(m.get("content", "")).split()) for m in messages)


def judge_completion(state: object, body: Mapping[str, Any]) -> dict[str, Any]:
    """The completion answering ``body`` (a checked ``JudgeCompletionRequest``)."""
    messages: list[dict[str, Any]] = list(body["messages"])
    content = _take_override(state)
    if content is None:
        users = [m["content"] for m in messages if m.get("role") == "user"]
        score, reason = grade(users[-1] if users else "")
        score = round(score, 4)
        verdict = {"score": score, "passed": score >= PASS_AT, "reason": reason}
        content = json.dumps(verdict, ensure_ascii=False)
    completion_tokens = len(content.split())
    prompt_tokens = _words(messages)
    return {
        "id": "judge_" + digest("keystone-judge", json.dumps(body, sort_keys=True))[:24],
        "model": body["model"],
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }
