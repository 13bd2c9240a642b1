from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.audit_event_list_response import AuditEventListResponse
from ...models.error_response import ErrorResponse
from ...models.http_validation_error import HTTPValidationError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    event_type: None | str | Unset = UNSET,
    run_id: None | str | Unset = UNSET,
    principal: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "timestamp",
    sort_order: str | Unset = "desc",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_event_type: None | str | Unset
    if isinstance(event_type, Unset):
        json_event_type = UNSET
    else:
        json_event_type = event_type
    params["event_type"] = json_event_type

    json_run_id: None | str | Unset
    if isinstance(run_id, Unset):
        json_run_id = UNSET
    else:
        json_run_id = run_id
    params["run_id"] = json_run_id

    json_principal: None | str | Unset
    if isinstance(principal, Unset):
        json_principal = UNSET
    else:
        json_principal = principal
    params["principal"] = json_principal

    params["limit"] = limit

    params["offset"] = offset

    params["sort_by"] = sort_by

    params["sort_order"] = sort_order

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit-events",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuditEventListResponse | ErrorResponse | HTTPValidationError | None:
    if response.status_code == 200:
        response_200 = AuditEventListResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if 500 <= response.status_code <= 599:
        response_5xx = ErrorResponse.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuditEventListResponse | ErrorResponse | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    event_type: None | str | Unset = UNSET,
    run_id: None | str | Unset = UNSET,
    principal: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "timestamp",
    sort_order: str | Unset = "desc",
) -> Response[AuditEventListResponse | ErrorResponse | HTTPValidationError]:
    """List Audit Events

     Audit events for run, human-task, credential and policy mutations, each with `event_type`, `run_id`,
    `principal`, a timestamp and the request id. The 0.4.0 spec declares only `event_type`, `run_id` and
    `limit`, and its servers answer `count` + `events` in store order, ignoring `offset`, `principal`
    and the sort; kneo_serv 0.6.0 and later honour `offset` and the sort and add `total` and the paging
    echo. Authenticated (either scheme); the 0.4.0 spec declares no security and no error statuses other
    than 422, the platform enforces both.

    Args:
        event_type (None | str | Unset):
        run_id (None | str | Unset):
        principal (None | str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (str | Unset):  Default: 'timestamp'.
        sort_order (str | Unset):  Default: 'desc'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditEventListResponse | ErrorResponse | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        event_type=event_type,
        run_id=run_id,
        principal=principal,
        limit=limit,
        offset=offset,
        sort_by=sort_by,
        sort_order=sort_order,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    event_type: None | str | Unset = UNSET,
    run_id: None | str | Unset = UNSET,
    principal: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "timestamp",
    sort_order: str | Unset = "desc",
) -> AuditEventListResponse | ErrorResponse | HTTPValidationError | None:
    """List Audit Events

     Audit events for run, human-task, credential and policy mutations, each with `event_type`, `run_id`,
    `principal`, a timestamp and the request id. The 0.4.0 spec declares only `event_type`, `run_id` and
    `limit`, and its servers answer `count` + `events` in store order, ignoring `offset`, `principal`
    and the sort; kneo_serv 0.6.0 and later honour `offset` and the sort and add `total` and the paging
    echo. Authenticated (either scheme); the 0.4.0 spec declares no security and no error statuses other
    than 422, the platform enforces both.

    Args:
        event_type (None | str | Unset):
        run_id (None | str | Unset):
        principal (None | str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (str | Unset):  Default: 'timestamp'.
        sort_order (str | Unset):  Default: 'desc'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditEventListResponse | ErrorResponse | HTTPValidationError
    """

    return sync_detailed(
        client=client,
        event_type=event_type,
        run_id=run_id,
        principal=principal,
        limit=limit,
        offset=offset,
        sort_by=sort_by,
        sort_order=sort_order,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    event_type: None | str | Unset = UNSET,
    run_id: None | str | Unset = UNSET,
    principal: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "timestamp",
    sort_order: str | Unset = "desc",
) -> Response[AuditEventListResponse | ErrorResponse | HTTPValidationError]:
    """List Audit Events

     Audit events for run, human-task, credential and policy mutations, each with `event_type`, `run_id`,
    `principal`, a timestamp and the request id. The 0.4.0 spec declares only `event_type`, `run_id` and
    `limit`, and its servers answer `count` + `events` in store order, ignoring `offset`, `principal`
    and the sort; kneo_serv 0.6.0 and later honour `offset` and the sort and add `total` and the paging
    echo. Authenticated (either scheme); the 0.4.0 spec declares no security and no error statuses other
    than 422, the platform enforces both.

    Args:
        event_type (None | str | Unset):
        run_id (None | str | Unset):
        principal (None | str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (str | Unset):  Default: 'timestamp'.
        sort_order (str | Unset):  Default: 'desc'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditEventListResponse | ErrorResponse | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        event_type=event_type,
        run_id=run_id,
        principal=principal,
        limit=limit,
        offset=offset,
        sort_by=sort_by,
        sort_order=sort_order,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    event_type: None | str | Unset = UNSET,
    run_id: None | str | Unset = UNSET,
    principal: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "timestamp",
    sort_order: str | Unset = "desc",
) -> AuditEventListResponse | ErrorResponse | HTTPValidationError | None:
    """List Audit Events

     Audit events for run, human-task, credential and policy mutations, each with `event_type`, `run_id`,
    `principal`, a timestamp and the request id. The 0.4.0 spec declares only `event_type`, `run_id` and
    `limit`, and its servers answer `count` + `events` in store order, ignoring `offset`, `principal`
    and the sort; kneo_serv 0.6.0 and later honour `offset` and the sort and add `total` and the paging
    echo. Authenticated (either scheme); the 0.4.0 spec declares no security and no error statuses other
    than 422, the platform enforces both.

    Args:
        event_type (None | str | Unset):
        run_id (None | str | Unset):
        principal (None | str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (str | Unset):  Default: 'timestamp'.
        sort_order (str | Unset):  Default: 'desc'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditEventListResponse | ErrorResponse | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            event_type=event_type,
            run_id=run_id,
            principal=principal,
            limit=limit,
            offset=offset,
            sort_by=sort_by,
            sort_order=sort_order,
        )
    ).parsed
