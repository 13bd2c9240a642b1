from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.trace_batch import TraceBatch
from ...models.trace_ingest_result import TraceIngestResult
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: TraceBatch,
    x_polarity_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_polarity_workspace, Unset):
        headers["X-Polarity-Workspace"] = x_polarity_workspace

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/traces",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | TraceIngestResult | None:
    if response.status_code == 200:
        response_200 = TraceIngestResult.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if 500 <= response.status_code <= 599:
        response_5xx = Error.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | TraceIngestResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TraceBatch,
    x_polarity_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | TraceIngestResult]:
    """Ingest trace events (agent mode)

     Trace events from code running outside a sandbox (`@traced`, wrapped LLM clients, `Eval`, the pytest
    plugin), scoped by the API key. Batches of one event arrive concurrently and out of order; an `end`
    without its `start` is accepted; without a key the batch is refused (401) and dropped.

    Args:
        x_polarity_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (TraceBatch): Trace events to ingest. The published client posts one event per
            request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TraceIngestResult]
    """

    kwargs = _get_kwargs(
        body=body,
        x_polarity_workspace=x_polarity_workspace,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: TraceBatch,
    x_polarity_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Error | TraceIngestResult | None:
    """Ingest trace events (agent mode)

     Trace events from code running outside a sandbox (`@traced`, wrapped LLM clients, `Eval`, the pytest
    plugin), scoped by the API key. Batches of one event arrive concurrently and out of order; an `end`
    without its `start` is accepted; without a key the batch is refused (401) and dropped.

    Args:
        x_polarity_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (TraceBatch): Trace events to ingest. The published client posts one event per
            request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TraceIngestResult
    """

    return sync_detailed(
        client=client,
        body=body,
        x_polarity_workspace=x_polarity_workspace,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TraceBatch,
    x_polarity_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | TraceIngestResult]:
    """Ingest trace events (agent mode)

     Trace events from code running outside a sandbox (`@traced`, wrapped LLM clients, `Eval`, the pytest
    plugin), scoped by the API key. Batches of one event arrive concurrently and out of order; an `end`
    without its `start` is accepted; without a key the batch is refused (401) and dropped.

    Args:
        x_polarity_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (TraceBatch): Trace events to ingest. The published client posts one event per
            request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TraceIngestResult]
    """

    kwargs = _get_kwargs(
        body=body,
        x_polarity_workspace=x_polarity_workspace,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TraceBatch,
    x_polarity_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Error | TraceIngestResult | None:
    """Ingest trace events (agent mode)

     Trace events from code running outside a sandbox (`@traced`, wrapped LLM clients, `Eval`, the pytest
    plugin), scoped by the API key. Batches of one event arrive concurrently and out of order; an `end`
    without its `start` is accepted; without a key the batch is refused (401) and dropped.

    Args:
        x_polarity_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (TraceBatch): Trace events to ingest. The published client posts one event per
            request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TraceIngestResult
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_polarity_workspace=x_polarity_workspace,
            idempotency_key=idempotency_key,
        )
    ).parsed
