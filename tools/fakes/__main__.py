"""Serve a fake in the foreground: ``python -m tools.fakes <service> --port N [options]``.

Each service adds its own options (``python -m tools.fakes gnosys --help``); the server listens
on 127.0.0.1 only. Stop it with Ctrl-C.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from tools.fakes import FAKES, HOST

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["main"]


def _gnosys_options(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], Starlette]:
    from gnosys.testing._fake import GnosysFakeConfig, create_app

    defaults = GnosysFakeConfig()
    parser.add_argument(
        "--step-seconds",
        type=float,
        default=defaults.step_seconds,
        help="simulated seconds per run step (default %(default)s)",
    )
    parser.add_argument(
        "--rate-limit",
        type=int,
        metavar="PER_MINUTE",
        help="burst limit on POST /v1/runs per tenant (default or 0: off)",
    )
    parser.add_argument(
        "--monthly-run-quota", type=int, metavar="RUNS", help="runs per tenant before 402"
    )
    parser.add_argument(
        "--suspend",
        action="append",
        default=[],
        metavar="KEY_PREFIX",
        help="keys starting with this get 403 (repeatable)",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=defaults.dataset_max_bytes,
        help="largest upload in bytes (default $GNOSYS_DATASET_MAX_BYTES or 512 MiB)",
    )
    parser.add_argument("--seed", type=int, default=defaults.seed, help="seeds generated ids")

    def build(args: argparse.Namespace) -> Starlette:
        return create_app(
            GnosysFakeConfig(
                step_seconds=args.step_seconds,
                dataset_max_bytes=args.max_bytes,
                rate_limit_per_minute=args.rate_limit,
                monthly_run_quota=args.monthly_run_quota,
                suspended_key_prefixes=frozenset(args.suspend),
                seed=args.seed,
            )
        )

    return build


def _asg_gateway_options(
    parser: argparse.ArgumentParser,
) -> Callable[[argparse.Namespace], Starlette]:
    from asg_gateway.testing._fake import ASGFakeConfig, create_app

    defaults = ASGFakeConfig()
    parser.add_argument(
        "--labeling-seconds",
        type=float,
        default=defaults.labeling_seconds,
        help="simulated seconds from submission to consensus (default %(default)s)",
    )
    parser.add_argument(
        "--job-step-seconds",
        type=float,
        default=defaults.job_step_seconds,
        help="simulated seconds per manifest job step (default %(default)s)",
    )
    parser.add_argument(
        "--rate-limit",
        type=int,
        metavar="PER_MINUTE",
        help="POSTs per account per minute (default or 0: off)",
    )
    parser.add_argument("--task-quota", type=int, metavar="TASKS", help="tasks per account")
    parser.add_argument("--seed", type=int, default=defaults.seed, help="seeds generated ids")

    def build(args: argparse.Namespace) -> Starlette:
        return create_app(
            ASGFakeConfig(
                labeling_seconds=args.labeling_seconds,
                job_step_seconds=args.job_step_seconds,
                rate_limit_per_minute=args.rate_limit,
                task_quota=args.task_quota,
                seed=args.seed,
            )
        )

    return build


def _kneo_options(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], Starlette]:
    from kneo_client.testing._fake import API_KEY, KneoFakeConfig, create_app

    defaults = KneoFakeConfig()
    for flag, field, what in (
        ("--queue-seconds", "queue_seconds", "simulated seconds an async run stays queued"),
        ("--step-seconds", "step_seconds", "simulated seconds per step of an async run"),
        ("--run-timeout", "run_timeout_seconds", "a run's timeout when its spec sets none"),
        ("--task-timeout", "human_task_timeout_seconds", "a human task's default deadline"),
    ):
        parser.add_argument(
            flag, type=float, default=getattr(defaults, field), help=f"{what} (default %(default)s)"
        )
    parser.add_argument(
        "--api-key",
        action="append",
        default=[],
        metavar="KEY",
        help=f"a key to accept (repeatable; default {API_KEY})",
    )
    parser.add_argument("--any-key", action="store_true", help="accept any API key")
    parser.add_argument(
        "--rate-limit", type=int, metavar="PER_MINUTE", help="POSTs per key per minute (0: off)"
    )
    parser.add_argument(
        "--max-queue-depth", type=int, metavar="RUNS", help="queued async runs before 503"
    )
    parser.add_argument(
        "--audit-events", type=int, default=0, metavar="N", help="audit events to seed"
    )
    parser.add_argument(
        "--legacy-errors", action="store_true", help='0.4.0\'s {"detail": "<message>"} errors'
    )
    parser.add_argument("--seed", type=int, default=defaults.seed, help="seeds generated ids")

    def build(args: argparse.Namespace) -> Starlette:
        keys = None if args.any_key else frozenset(args.api_key or [API_KEY])
        return create_app(
            KneoFakeConfig(
                queue_seconds=args.queue_seconds,
                step_seconds=args.step_seconds,
                run_timeout_seconds=args.run_timeout,
                human_task_timeout_seconds=args.task_timeout,
                api_keys=keys,
                rate_limit_per_minute=args.rate_limit,
                max_queue_depth=args.max_queue_depth,
                audit_events=args.audit_events,
                error_style="legacy" if args.legacy_errors else "envelope",
                seed=args.seed,
            )
        )

    return build


def _keystone_options(
    parser: argparse.ArgumentParser,
) -> Callable[[argparse.Namespace], Starlette]:
    from polarity_keystone.testing._fake import API_KEY, KeystoneFakeConfig, create_app

    defaults = KeystoneFakeConfig()
    for flag, field, what in (
        ("--scenario-seconds", "scenario_seconds", "simulated seconds per experiment scenario"),
        ("--scoring-seconds", "scoring_seconds", "simulated seconds until scores appear"),
        ("--sandbox-boot-seconds", "sandbox_boot_seconds", "simulated seconds a sandbox starts"),
        ("--sandbox-timeout", "sandbox_timeout_seconds", "a sandbox's default lifetime"),
    ):
        parser.add_argument(
            flag, type=float, default=getattr(defaults, field), help=f"{what} (default %(default)s)"
        )
    parser.add_argument(
        "--api-key",
        action="append",
        default=[],
        metavar="KEY",
        help=f"a key to accept (repeatable; default {API_KEY})",
    )
    parser.add_argument("--any-key", action="store_true", help="accept any API key")
    parser.add_argument(
        "--workspace",
        action="append",
        default=[],
        metavar="NAME",
        help="an X-Polarity-Workspace to allow (repeatable; default: any)",
    )
    parser.add_argument(
        "--rate-limit", type=int, metavar="PER_MINUTE", help="POSTs per key per minute (0: off)"
    )
    parser.add_argument(
        "--spans",
        type=int,
        default=0,
        metavar="N",
        help="complete spans to seed for exports and benchmarks (default 0)",
    )
    parser.add_argument("--no-catalog", action="store_true", help="start without the catalog specs")
    parser.add_argument("--seed", type=int, default=defaults.seed, help="seeds generated ids")

    def build(args: argparse.Namespace) -> Starlette:
        keys = None if args.any_key else frozenset(args.api_key or [API_KEY])
        return create_app(
            KeystoneFakeConfig(
                scenario_seconds=args.scenario_seconds,
                scoring_seconds=args.scoring_seconds,
                sandbox_boot_seconds=args.sandbox_boot_seconds,
                sandbox_timeout_seconds=args.sandbox_timeout,
                api_keys=keys,
                workspaces=frozenset(args.workspace) or None,
                rate_limit_per_minute=args.rate_limit,
                spans=args.spans,
                catalog=not args.no_catalog,
                seed=args.seed,
            )
        )

    return build


# Services with options of their own; any other entry of FAKES is served with its defaults.
OPTIONS: dict[
    str, Callable[[argparse.ArgumentParser], Callable[[argparse.Namespace], Starlette]]
] = {
    "gnosys": _gnosys_options,
    "asg_gateway": _asg_gateway_options,
    "kneo": _kneo_options,
    "keystone": _keystone_options,
}


def _defaults(factory: Callable[[], Starlette]) -> Callable[[argparse.Namespace], Starlette]:
    def build(args: argparse.Namespace) -> Starlette:
        return factory()

    return build


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m tools.fakes", description=__doc__)
    services = parser.add_subparsers(dest="service", required=True, metavar="SERVICE")
    builders: dict[str, Callable[[argparse.Namespace], Starlette]] = {}
    for name, factory in FAKES.items():
        sub = services.add_parser(name, help=f"the {name} fake")
        sub.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1 (0: any)")
        sub.add_argument("--log-level", default="warning", help="uvicorn's log level")
        add_options = OPTIONS.get(name)
        builders[name] = add_options(sub) if add_options else _defaults(factory)
    args = parser.parse_args(argv)
    try:
        app = builders[args.service](args)
    except ValueError as exc:
        parser.error(str(exc))

    import uvicorn

    print(f"{args.service} fake on http://{HOST}:{args.port}", file=sys.stderr)
    uvicorn.run(app, host=HOST, port=args.port, log_level=args.log_level, lifespan="off", ws="none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
