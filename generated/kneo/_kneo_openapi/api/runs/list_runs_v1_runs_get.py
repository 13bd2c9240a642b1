from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.http_validation_error import HTTPValidationError
from ...models.run_list_response import RunListResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "updated_at",
    sort_order: str | Unset = "desc",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    else:
        json_status = status
    params["status"] = json_status

    params["limit"] = limit

    params["offset"] = offset

    params["sort_by"] = sort_by

    params["sort_order"] = sort_order

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/runs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | HTTPValidationError | RunListResponse | None:
    if response.status_code == 200:
        response_200 = RunListResponse.from_dict(response.json())

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
) -> Response[ErrorResponse | HTTPValidationError | RunListResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "updated_at",
    sort_order: str | Unset = "desc",
) -> Response[ErrorResponse | HTTPValidationError | RunListResponse]:
    """List Runs

     Runs, one page (limit/offset; `total` is the store count). Authenticated (either scheme); the 0.4.0
    spec declares no security and no error statuses other than 422, the platform enforces both.

    Args:
        status (None | str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (str | Unset):  Default: 'updated_at'.
        sort_order (str | Unset):  Default: 'desc'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | HTTPValidationError | RunListResponse]
    """

    kwargs = _get_kwargs(
        status=status,
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
    status: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "updated_at",
    sort_order: str | Unset = "desc",
) -> ErrorResponse | HTTPValidationError | RunListResponse | None:
    """List Runs

     Runs, one page (limit/offset; `total` is the store count). Authenticated (either scheme); the 0.4.0
    spec declares no security and no error statuses other than 422, the platform enforces both.

    Args:
        status (None | str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (str | Unset):  Default: 'updated_at'.
        sort_order (str | Unset):  Default: 'desc'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | HTTPValidationError | RunListResponse
    """

    return sync_detailed(
        client=client,
        status=status,
        limit=limit,
        offset=offset,
        sort_by=sort_by,
        sort_order=sort_order,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "updated_at",
    sort_order: str | Unset = "desc",
) -> Response[ErrorResponse | HTTPValidationError | RunListResponse]:
    """List Runs

     Runs, one page (limit/offset; `total` is the store count). Authenticated (either scheme); the 0.4.0
    spec declares no security and no error statuses other than 422, the platform enforces both.

    Args:
        status (None | str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (str | Unset):  Default: 'updated_at'.
        sort_order (str | Unset):  Default: 'desc'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | HTTPValidationError | RunListResponse]
    """

    kwargs = _get_kwargs(
        status=status,
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
    status: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "updated_at",
    sort_order: str | Unset = "desc",
) -> ErrorResponse | HTTPValidationError | RunListResponse | None:
    """List Runs

     Runs, one page (limit/offset; `total` is the store count). Authenticated (either scheme); the 0.4.0
    spec declares no security and no error statuses other than 422, the platform enforces both.

    Args:
        status (None | str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (str | Unset):  Default: 'updated_at'.
        sort_order (str | Unset):  Default: 'desc'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | HTTPValidationError | RunListResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            limit=limit,
            offset=offset,
            sort_by=sort_by,
            sort_order=sort_order,
        )
    ).parsed
