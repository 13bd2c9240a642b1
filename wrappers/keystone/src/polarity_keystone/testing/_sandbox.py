"""A sandbox's working tree (in memory) and the small, deterministic command set it runs.

Nothing here touches the disk or starts a process: a command line is parsed (``shlex``) and
interpreted by the fake, never handed to a shell. A spec's ``commands`` map gives canned
results for whole simple commands (``npm test``); everything else is one of these builtins,
on the sandbox's files (the working directory is ``/workspace``; paths are relative to it, or
absolute under it):

=====================================  =======================================================
``echo [-n] WORDS...``                 the words, joined by spaces (and a newline unless -n)
``cat FILE...``                        the files' contents (1: No such file or directory)
``ls [-a] [-l] [-1] [PATH]``           the entries of a directory, one per line, sorted
``pwd`` / ``cd DIR``                   the working directory / change it for the line
``touch`` / ``rm [-r] [-f]`` / ``mkdir [-p]``  create an empty file / delete / nothing (dirs
                                       exist while files are in them)
``cp SRC DST`` / ``mv SRC DST``        copy / move one file
``test -e|-f|-d PATH``, ``[ ... ]``    0 when it holds, else 1
``grep [-q] [-c] [-F] [-i] PATTERN FILE...``  lines matching (1 when none match)
``true`` / ``false`` / ``exit [N]``    0 / 1 / N (``exit`` ends the line)
``sleep SECONDS``                      nothing, but the command's ``duration_ms`` grows
``printenv [NAME]`` / ``env``          forwarded secrets, by name, valued ``***``
=====================================  =======================================================

``&&``, ``||`` and ``;`` chain commands, and ``> FILE`` / ``>> FILE`` write a command's
output to a file; pipes and other shell syntax exit 2 ("not supported by the fake"), an
unknown command exits 127 ("command not found"). Each builtin takes 1 ms, a canned command
its ``duration_ms`` (default 5), ``sleep`` its seconds; a line whose time passes its
``timeout`` exits 124. The result is ``{command, stdout, stderr, exit_code, duration_ms}``.
"""

from __future__ import annotations

import hashlib
import re
import shlex
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass

__all__ = [
    "WORKDIR",
    "CannedCommand",
    "checksum",
    "diff_files",
    "normalize_path",
    "parse_duration",
    "run_command",
    "snapshot_files",
]

#: Where the working tree is mounted, as commands and ``Sandbox.path`` see it.
WORKDIR = "/workspace"
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, None: 1.0}
_OPERATORS = {"&&", "||", ";"}
_MAX_OUTPUT = 1 << 20


@dataclass(frozen=True)
class CannedCommand:
    """A spec's canned result for one command line."""

    exit_code: int = 0
    stdout: str = ""
    stderr: str = ""
    duration_ms: int = 5


def parse_duration(text: str) -> float | None:
    """Seconds in a duration such as ``10m``, ``90s``, ``1.5h``, ``250ms`` or ``30`` (seconds)."""
    match = _DURATION.fullmatch(text)
    if match is None:
        return None
    return float(match.group(1)) * _UNITS[match.group(2)]


def normalize_path(path: str, cwd: str = "") -> str | None:
    """``path`` as a key of the tree: relative, no ``.`` or empty segments; None if it leaves
    the tree (a ``..`` above the root) or names nothing. A leading ``/workspace/`` or ``/`` is
    dropped (the tree is all the sandbox has).
    """
    if path.startswith(WORKDIR + "/") or path == WORKDIR:
        path, cwd = path[len(WORKDIR) :], ""
    elif path.startswith("/"):
        cwd = ""
    parts: list[str] = [p for p in cwd.split("/") if p]
    for part in path.split("/"):
        if part in {"", "."}:
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
            continue
        parts.append(part)
    return "/".join(parts) or None


def checksum(content: bytes) -> str:
    """A file's checksum as state snapshots show it."""
    return f"sha256:{hashlib.sha256(content).hexdigest()}"


def snapshot_files(files: Mapping[str, bytes]) -> dict[str, dict[str, object]]:
    """``StateSnapshot.files``: every file by path, sorted, with size, mode and checksum."""
    return {
        path: {"size": len(content), "mode": "0644", "checksum": checksum(content)}
        for path, content in sorted(files.items())
    }


def diff_files(initial: Mapping[str, str], files: Mapping[str, bytes]) -> dict[str, list[str]]:
    """``StateDiff``: paths added, removed and modified since ``initial`` (path -> checksum)."""
    now = {path: checksum(content) for path, content in files.items()}
    return {
        "added": sorted(p for p in now if p not in initial),
        "removed": sorted(p for p in initial if p not in now),
        "modified": sorted(p for p in now if p in initial and initial[p] != now[p]),
    }


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


@dataclass
class _Shell:
    files: MutableMapping[str, bytes]
    canned: Mapping[str, CannedCommand]
    secrets: frozenset[str]
    cwd: str = ""
    stdout: str = ""
    stderr: str = ""
    duration_ms: int = 0

    def path(self, arg: str) -> str | None:
        return normalize_path(arg, self.cwd)

    def is_dir(self, path: str | None) -> bool:
        if path is None:
            return True  # the root
        return any(p.startswith(path + "/") for p in self.files)

    def run(self, words: list[str]) -> tuple[int, str, str]:
        """One simple command: (exit code, stdout, stderr)."""
        canned = self.canned.get(" ".join(words))
        if canned is not None:
            self.duration_ms += canned.duration_ms
            return canned.exit_code, canned.stdout, canned.stderr
        self.duration_ms += 1
        name, args = words[0], words[1:]
        builtin = getattr(self, f"_cmd_{name.replace('[', 'bracket')}", None)
        if builtin is None:
            return 127, "", f"{name}: command not found\n"
        result: tuple[int, str, str] = builtin(args)
        return result

    def _cmd_echo(self, args: list[str]) -> tuple[int, str, str]:
        newline = not (args and args[0] == "-n")
        words = args[1:] if not newline else args
        return 0, " ".join(words) + ("\n" if newline else ""), ""

    def _cmd_cat(self, args: list[str]) -> tuple[int, str, str]:
        out, err, code = [], [], 0
        for arg in args:
            path = self.path(arg)
            if path is None or path not in self.files:
                err.append(f"cat: {arg}: No such file or directory\n")
                code = 1
            else:
                out.append(self.files[path].decode("utf-8", "replace"))
        return code, "".join(out), "".join(err)

    def _cmd_ls(self, args: list[str]) -> tuple[int, str, str]:
        targets = [a for a in args if not a.startswith("-")] or ["."]
        normal = self.path(targets[0])
        if normal is not None and normal in self.files:
            return 0, targets[0] + "\n", ""
        if not self.is_dir(normal):
            return 2, "", f"ls: cannot access '{targets[0]}': No such file or directory\n"
        prefix = "" if normal is None else normal + "/"
        entries = sorted(
            {p[len(prefix) :].split("/")[0] for p in self.files if p.startswith(prefix)}
        )
        return 0, "".join(f"{e}\n" for e in entries), ""

    def _cmd_pwd(self, args: list[str]) -> tuple[int, str, str]:
        return 0, f"{WORKDIR}/{self.cwd}".rstrip("/") + "\n", ""

    def _cmd_cd(self, args: list[str]) -> tuple[int, str, str]:
        target = normalize_path(args[0], self.cwd) if args else None
        if target is not None and not self.is_dir(target):
            return 1, "", f"cd: {args[0]}: No such file or directory\n"
        self.cwd = target or ""  # None: the root (`cd`, `cd /workspace`, `cd ..` at the top)
        return 0, "", ""

    def _cmd_touch(self, args: list[str]) -> tuple[int, str, str]:
        for arg in args:
            path = self.path(arg)
            if path is None:
                return 1, "", f"touch: cannot touch '{arg}': Permission denied\n"
            self.files.setdefault(path, b"")
        return 0, "", ""

    def _cmd_rm(self, args: list[str]) -> tuple[int, str, str]:
        flags = "".join(a[1:] for a in args if a.startswith("-"))
        code, err = 0, []
        for arg in (a for a in args if not a.startswith("-")):
            path = self.path(arg)
            if path is not None and path in self.files:
                del self.files[path]
            elif path is not None and "r" in flags and self.is_dir(path):
                for inner in [p for p in self.files if p.startswith(path + "/")]:
                    del self.files[inner]
            elif "f" not in flags:
                err.append(f"rm: cannot remove '{arg}': No such file or directory\n")
                code = 1
        return code, "", "".join(err)

    def _cmd_mkdir(self, args: list[str]) -> tuple[int, str, str]:
        return 0, "", ""

    def _copy(self, args: list[str], *, move: bool) -> tuple[int, str, str]:
        name = "mv" if move else "cp"
        paths = [a for a in args if not a.startswith("-")]
        if len(paths) != 2:
            return 1, "", f"{name}: expected a source and a destination\n"
        source, target = self.path(paths[0]), self.path(paths[1])
        if source is None or source not in self.files:
            return 1, "", f"{name}: cannot stat '{paths[0]}': No such file or directory\n"
        if target is None:
            return 1, "", f"{name}: cannot create '{paths[1]}': Permission denied\n"
        if self.is_dir(target):
            target = f"{target}/{source.rsplit('/', 1)[-1]}"
        self.files[target] = self.files[source]
        if move and target != source:
            del self.files[source]
        return 0, "", ""

    def _cmd_cp(self, args: list[str]) -> tuple[int, str, str]:
        return self._copy(args, move=False)

    def _cmd_mv(self, args: list[str]) -> tuple[int, str, str]:
        return self._copy(args, move=True)

    def _cmd_test(self, args: list[str]) -> tuple[int, str, str]:
        if len(args) != 2 or args[0] not in {"-e", "-f", "-d"}:
            return 2, "", "test: the fake supports -e, -f and -d PATH\n"
        path = self.path(args[1])
        is_file = path is not None and path in self.files
        is_dir = path is None or self.is_dir(path)
        ok = {"-e": is_file or is_dir, "-f": is_file, "-d": is_dir}[args[0]]
        return (0 if ok else 1), "", ""

    def _cmd_bracket(self, args: list[str]) -> tuple[int, str, str]:
        if not args or args[-1] != "]":
            return 2, "", "[: missing ']'\n"
        return self._cmd_test(args[:-1])

    def _cmd_grep(self, args: list[str]) -> tuple[int, str, str]:
        flags = "".join(a[1:] for a in args if a.startswith("-") and len(a) > 1)
        rest = [a for a in args if not (a.startswith("-") and len(a) > 1)]
        if len(rest) < 2:
            return 2, "", "grep: expected a pattern and a file\n"
        pattern, names = rest[0], rest[1:]
        try:
            regex = re.compile(
                re.escape(pattern) if "F" in flags else pattern, re.I if "i" in flags else 0
            )
        except re.error:
            return 2, "", "grep: invalid regular expression\n"
        matched, out, err = 0, [], []
        for name in names:
            path = self.path(name)
            if path is None or path not in self.files:
                err.append(f"grep: {name}: No such file or directory\n")
                continue
            for line in self.files[path].decode("utf-8", "replace").splitlines():
                if regex.search(line):
                    matched += 1
                    out.append((f"{name}:" if len(names) > 1 else "") + line + "\n")
        if "q" in flags:
            out = []
        elif "c" in flags:
            out = [f"{matched}\n"]
        code = 2 if err and not matched else (0 if matched else 1)
        return code, "".join(out), "".join(err)

    def _cmd_true(self, args: list[str]) -> tuple[int, str, str]:
        return 0, "", ""

    def _cmd_false(self, args: list[str]) -> tuple[int, str, str]:
        return 1, "", ""

    def _cmd_exit(self, args: list[str]) -> tuple[int, str, str]:
        code = int(args[0]) % 256 if args and args[0].isdigit() else 0
        raise _Exit(code)

    def _cmd_sleep(self, args: list[str]) -> tuple[int, str, str]:
        seconds = parse_duration(args[0]) if args else None
        if seconds is None:
            return 1, "", "sleep: invalid time interval\n"
        self.duration_ms += round(seconds * 1000)
        return 0, "", ""

    def _cmd_printenv(self, args: list[str]) -> tuple[int, str, str]:
        if not args:
            return 0, "".join(f"{name}=***\n" for name in sorted(self.secrets)), ""
        known = [name for name in args if name in self.secrets]
        return (0 if len(known) == len(args) else 1), "".join("***\n" for _ in known), ""

    def _cmd_env(self, args: list[str]) -> tuple[int, str, str]:
        return self._cmd_printenv([])


def _tokens(command: str) -> list[str] | None:
    lexer = shlex.shlex(command, posix=True, punctuation_chars=";&|<>()")
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        return list(lexer)
    except ValueError:  # an unclosed quote
        return None


def run_command(
    command: str,
    files: MutableMapping[str, bytes],
    *,
    canned: Mapping[str, CannedCommand] | None = None,
    secrets: frozenset[str] = frozenset(),
    timeout_seconds: float | None = None,
) -> dict[str, object]:
    """Run ``command`` on ``files`` (changed in place) as the module docstring says."""
    shell = _Shell(files, canned or {}, secrets)
    whole = canned.get(" ".join(command.split())) if canned else None
    tokens = None if whole is not None else _tokens(command)
    code = 0
    if whole is not None:
        shell.duration_ms, code = whole.duration_ms, whole.exit_code
        shell.stdout, shell.stderr = whole.stdout, whole.stderr
    elif tokens is None:
        code, shell.stderr = 2, "syntax error: unterminated quote\n"
    else:
        code = _run_line(shell, tokens)
    if timeout_seconds is not None and shell.duration_ms > timeout_seconds * 1000:
        code = 124
        shell.stderr += f"timed out after {timeout_seconds:g}s\n"
        shell.duration_ms = round(timeout_seconds * 1000)
    return {
        "command": command,
        "stdout": shell.stdout[:_MAX_OUTPUT],
        "stderr": shell.stderr[:_MAX_OUTPUT],
        "exit_code": code,
        "duration_ms": shell.duration_ms,
    }


def _run_line(shell: _Shell, tokens: list[str]) -> int:
    code, pending = 0, ";"
    chunks: list[tuple[str, list[str]]] = []
    current: list[str] = []
    for token in tokens:
        if token in _OPERATORS:
            chunks.append((pending, current))
            pending, current = token, []
        else:
            current.append(token)
    chunks.append((pending, current))
    try:
        for operator, words in chunks:
            if not words:
                continue
            if (operator == "&&" and code != 0) or (operator == "||" and code == 0):
                continue
            code = _run_simple(shell, words)
    except _Exit as done:
        code = done.code
    return code


def _run_simple(shell: _Shell, words: list[str]) -> int:
    target, append, stream = None, False, "stdout"
    if len(words) >= 2 and words[-2] in {">", ">>"}:
        target, append = words[-1], words[-2] == ">>"
        words = words[:-2]
        if words and words[-1] == "2":
            stream, words = "stderr", words[:-1]
    unsupported = [w for w in words if set(w) <= set(";&|<>()")]
    if unsupported or not words:
        shell.stderr += "syntax not supported by the fake (pipes, subshells, redirects)\n"
        return 2
    code, out, err = shell.run(words)
    redirected = ""
    if target is not None and stream == "stderr":
        err, redirected = "", err
    elif target is not None:
        out, redirected = "", out
    shell.stdout += out
    shell.stderr += err
    if target is None or target == "/dev/null":
        return code
    path = shell.path(target)
    if path is None:
        shell.stderr += f"{target}: Permission denied\n"
        return 1
    previous = shell.files.get(path, b"") if append else b""
    shell.files[path] = previous + redirected.encode()
    return code
