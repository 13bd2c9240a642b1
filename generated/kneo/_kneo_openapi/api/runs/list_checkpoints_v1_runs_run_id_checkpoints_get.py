from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.checkpoint_list_response import CheckpointListResponse
from ...models.error_response import ErrorResponse
from ...models.http_validation_error import HTTPValidationError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    run_id: str,
    *,
    type_: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "sequence",
    sort_order: str | Unset = "asc",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_type_: None | str | Unset
    if isinstance(type_, Unset):
        json_type_ = UNSET
    else:
        json_type_ = type_
    params["type"] = json_type_

    params["limit"] = limit

    params["offset"] = offset

    params["sort_by"] = sort_by

    params["sort_order"] = sort_order

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/runs/{run_id}/checkpoints".format(
            run_id=quote(str(run_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CheckpointListResponse | ErrorResponse | HTTPValidationError | None:
    if response.status_code == 200:
        response_200 = CheckpointListResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

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
) -> Response[CheckpointListResponse | ErrorResponse | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
    type_: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "sequence",
    sort_order: str | Unset = "asc",
) -> Response[CheckpointListResponse | ErrorResponse | HTTPValidationError]:
    """List Checkpoints

     A run's checkpoints, one page (limit/offset with `total`). Authenticated (either scheme); the 0.4.0
    spec declares no security and no error statuses other than 422, the platform enforces both.

    Args:
        run_id (str):
        type_ (None | str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (str | Unset):  Default: 'sequence'.
        sort_order (str | Unset):  Default: 'asc'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CheckpointListResponse | ErrorResponse | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        type_=type_,
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
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
    type_: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "sequence",
    sort_order: str | Unset = "asc",
) -> CheckpointListResponse | ErrorResponse | HTTPValidationError | None:
    """List Checkpoints

     A run's checkpoints, one page (limit/offset with `total`). Authenticated (either scheme); the 0.4.0
    spec declares no security and no error statuses other than 422, the platform enforces both.

    Args:
        run_id (str):
        type_ (None | str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (str | Unset):  Default: 'sequence'.
        sort_order (str | Unset):  Default: 'asc'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CheckpointListResponse | ErrorResponse | HTTPValidationError
    """

    return sync_detailed(
        run_id=run_id,
        client=client,
        type_=type_,
        limit=limit,
        offset=offset,
        sort_by=sort_by,
        sort_order=sort_order,
    ).parsed


async def asyncio_detailed(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
    type_: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "sequence",
    sort_order: str | Unset = "asc",
) -> Response[CheckpointListResponse | ErrorResponse | HTTPValidationError]:
    """List Checkpoints

     A run's checkpoints, one page (limit/offset with `total`). Authenticated (either scheme); the 0.4.0
    spec declares no security and no error statuses other than 422, the platform enforces both.

    Args:
        run_id (str):
        type_ (None | str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (str | Unset):  Default: 'sequence'.
        sort_order (str | Unset):  Default: 'asc'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CheckpointListResponse | ErrorResponse | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        type_=type_,
        limit=limit,
        offset=offset,
        sort_by=sort_by,
        sort_order=sort_order,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
    type_: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "sequence",
    sort_order: str | Unset = "asc",
) -> CheckpointListResponse | ErrorResponse | HTTPValidationError | None:
    """List Checkpoints

     A run's checkpoints, one page (limit/offset with `total`). Authenticated (either scheme); the 0.4.0
    spec declares no security and no error statuses other than 422, the platform enforces both.

    Args:
        run_id (str):
        type_ (None | str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (str | Unset):  Default: 'sequence'.
        sort_order (str | Unset):  Default: 'asc'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CheckpointListResponse | ErrorResponse | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            run_id=run_id,
            client=client,
            type_=type_,
            limit=limit,
            offset=offset,
            sort_by=sort_by,
            sort_order=sort_order,
        )
    ).parsed
