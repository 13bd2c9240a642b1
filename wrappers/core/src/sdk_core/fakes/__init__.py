"""What every fake shares, so that a service's fake holds only its resources and state machines.

* :mod:`.spec` reads the pinned OpenAPI document: routes and methods from its ``paths``,
  public operations from its ``security``, and validators of every parameter and request body
  built from its own schemas (jsonschema, draft 2020-12).
* :mod:`.service` is the request pipeline (:class:`SpecFake`): routing (404; 405 with
  ``Allow``), request ids, injected faults, API keys (every header scheme the spec declares),
  rate limits, parameter and body checks, idempotent replays, strict JSON, and a log of the
  requests received. Class attributes and hooks say where a service differs, each off by
  default: FastAPI-style validation, the error body (``error_answer``), the request-id
  header's spelling, the idempotency key's scope and normalisation, routing on the encoded
  path (``encoded_paths``: ``%2F`` inside one parameter), greedy path parameters
  (``greedy_operations``, or ``x-greedy: true`` in the spec: a file path with ``/``) and a
  last word before the handler (``admit``). Path parameters arrive typed by their schemas
  (``integer`` ones as ints), and bodies of other media types than JSON and multipart (raw
  YAML) arrive unparsed.
* :mod:`.clock` is the injectable clock (wall or manual) that tests advance;
  :mod:`.faults` the queued faults; :mod:`.idempotency` the replay store; :mod:`.jsonio` strict
  JSON, error answers and cursors; :mod:`.uploads` multipart bodies and tabular files;
  :mod:`.validation` FastAPI's 422 items.
"""

from __future__ import annotations

from sdk_core.fakes.clock import Clock
from sdk_core.fakes.jsonio import (
    ApiError,
    AsciiJSON,
    ascii_dumps,
    decode_cursor,
    digest,
    encode_cursor,
    error_response,
    invalid,
    iso,
    paginate,
    strict_loads,
)
from sdk_core.fakes.service import (
    Call,
    FakeConfig,
    Principal,
    ReceivedRequest,
    SpecFake,
    check_int,
    check_number,
)
from sdk_core.fakes.spec import Credential, Spec, is_uri, load_spec
from sdk_core.fakes.validation import validation_item

__all__ = [
    "ApiError",
    "AsciiJSON",
    "Call",
    "Clock",
    "Credential",
    "FakeConfig",
    "Principal",
    "ReceivedRequest",
    "Spec",
    "SpecFake",
    "ascii_dumps",
    "check_int",
    "check_number",
    "decode_cursor",
    "digest",
    "encode_cursor",
    "error_response",
    "invalid",
    "is_uri",
    "iso",
    "load_spec",
    "paginate",
    "strict_loads",
    "validation_item",
]
