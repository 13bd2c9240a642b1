"""Validating response bodies as the model ``TypedDict`` classes, by the core's strict policy.

Kept as a module so the client's ``from asg_gateway._parse import json_parser`` stays valid;
the policy itself (strict types, unknown fields kept) lives only in ``sdk_core._schema``.
"""

from sdk_core._schema import json_parser

__all__ = ["json_parser"]
