"""Find the documented code examples and run them: the machinery of test_documented_examples.

A Markdown document's fenced blocks are found with CommonMark's fence rules (a run of at least
three backticks or tildes, indented by any amount so that fences inside list items count too,
closed by a run of the same character at least as long). Blocks whose info string names Python
are examples; each document's examples run in order in one fresh namespace, compiled under the
document's path with their real line numbers, so a traceback points into the Markdown file.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "PYTHON_LANGUAGES",
    "Block",
    "ExampleFailed",
    "documents",
    "fenced_blocks",
    "python_blocks",
    "run_examples",
]

#: Info strings whose blocks are run. Anything else (console, text, toml, ...) is only shown.
PYTHON_LANGUAGES = frozenset({"python", "py", "python3"})

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Block:
    """One fenced block: its language (first word of the info string), code and place."""

    language: str
    code: str
    line: int  # 1-based line of the block's first code line in its document


class ExampleFailed(AssertionError):
    """A documented example raised; the message names the document, block and line."""


def documents(root: Path) -> list[Path]:
    """Every Markdown document whose examples must run: READMEs and the docs site's pages."""
    found = [root / "README.md", *sorted((root / "wrappers").glob("*/README.md"))]
    found += sorted(path for path in (root / "docs").rglob("*.md") if "_build" not in path.parts)
    return [path for path in found if path.is_file()]


def fenced_blocks(text: str) -> list[Block]:
    """Every fenced code block of a Markdown text, in order (unclosed ones run to the end)."""
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        # A backtick fence's info string may not contain backticks (that is inline code).
        if opening is None or (opening["fence"][0] == "`" and "`" in opening["info"]):
            i += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        words = opening["info"].split()
        language = words[0].lower() if words else ""
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            body.append(_dedent(lines[j], indent))
            j += 1
        blocks.append(Block(language, "\n".join(body) + "\n", i + 2))
        i = j + 1
    return blocks


def _dedent(line: str, indent: int) -> str:
    """Strip up to ``indent`` leading spaces (the fence's own indentation, as CommonMark does)."""
    stripped = len(line) - len(line.lstrip(" "))
    return line[min(indent, stripped) :]


def python_blocks(text: str) -> list[Block]:
    """The blocks of a Markdown text that are Python examples."""
    return [block for block in fenced_blocks(text) if block.language in PYTHON_LANGUAGES]


def run_examples(label: str, blocks: list[Block]) -> dict[str, object]:
    """Run ``blocks`` in order in one fresh namespace; raise :class:`ExampleFailed` on error.

    ``label`` (the document's path) becomes the code's file name and each block keeps its
    document line numbers, so tracebacks read ``File "README.md", line 22``.
    """
    namespace: dict[str, object] = {"__name__": "__main__"}
    for number, block in enumerate(blocks, 1):
        source = "\n" * (block.line - 1) + block.code
        try:
            code = compile(source, label, "exec")
            exec(code, namespace)
        except BaseException as exc:  # SystemExit and KeyboardInterrupt-like exits included
            trace = "".join(traceback.format_exception(exc))
            raise ExampleFailed(
                f"{label}: python block {number} of {len(blocks)} (line {block.line}) raised "
                f"{type(exc).__name__}: {exc}\n\n--- the block ---\n{block.code}\n"
                f"--- traceback ---\n{trace}"
            ) from None
    return namespace
