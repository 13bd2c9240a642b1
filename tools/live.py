"""Check a live deployment against its pinned spec with schemathesis.

``LIVE_API_KEY=... python -m tools.live <service> <base-url> [schemathesis options]``

The key is read from the environment and handed to schemathesis as a header, so it never
appears in a command line that nox or a shell history would print; schemathesis masks the
``Authorization`` header in its own reports.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tools.pins import load_pin

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2 or not os.environ.get("LIVE_API_KEY"):
        print(__doc__, file=sys.stderr)
        return 2
    service, base_url, *extra = args
    pin = load_pin(service)
    pin.verify_spec()
    schemathesis = Path(sys.executable).parent / "schemathesis"
    command = [
        str(schemathesis),
        "run",
        str(pin.spec_path),
        "--url",
        base_url,
        "--header",
        f"Authorization: Bearer {os.environ['LIVE_API_KEY']}",
        "--max-examples",
        "20",
        *extra,
    ]
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
