from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.http_validation_error import HTTPValidationError
from ...models.human_task_list_response import HumanTaskListResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: None | str | Unset = UNSET,
    run_id: None | str | Unset = UNSET,
    workflow_kind: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "id",
    sort_order: str | Unset = "asc",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    else:
        json_status = status
    params["status"] = json_status

    json_run_id: None | str | Unset
    if isinstance(run_id, Unset):
        json_run_id = UNSET
    else:
        json_run_id = run_id
    params["run_id"] = json_run_id

    json_workflow_kind: None | str | Unset
    if isinstance(workflow_kind, Unset):
        json_workflow_kind = UNSET
    else:
        json_workflow_kind = workflow_kind
    params["workflow_kind"] = json_workflow_kind

    params["limit"] = limit

    params["offset"] = offset

    params["sort_by"] = sort_by

    params["sort_order"] = sort_order

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/human-tasks",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | HTTPValidationError | HumanTaskListResponse | None:
    if response.status_code == 200:
        response_200 = HumanTaskListResponse.from_dict(response.json())

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
) -> Response[ErrorResponse | HTTPValidationError | HumanTaskListResponse]:
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
    run_id: None | str | Unset = UNSET,
    workflow_kind: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "id",
    sort_order: str | Unset = "asc",
) -> Response[ErrorResponse | HTTPValidationError | HumanTaskListResponse]:
    """List Human Tasks

     Pending human tasks, one page (limit/offset with `total`). 0.4.0 has no `status` filter (an unknown
    query parameter is ignored). Authenticated (either scheme); the 0.4.0 spec declares no security and
    no error statuses other than 422, the platform enforces both.

    Args:
        status (None | str | Unset):
        run_id (None | str | Unset):
        workflow_kind (None | str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (str | Unset):  Default: 'id'.
        sort_order (str | Unset):  Default: 'asc'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | HTTPValidationError | HumanTaskListResponse]
    """

    kwargs = _get_kwargs(
        status=status,
        run_id=run_id,
        workflow_kind=workflow_kind,
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
    run_id: None | str | Unset = UNSET,
    workflow_kind: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "id",
    sort_order: str | Unset = "asc",
) -> ErrorResponse | HTTPValidationError | HumanTaskListResponse | None:
    """List Human Tasks

     Pending human tasks, one page (limit/offset with `total`). 0.4.0 has no `status` filter (an unknown
    query parameter is ignored). Authenticated (either scheme); the 0.4.0 spec declares no security and
    no error statuses other than 422, the platform enforces both.

    Args:
        status (None | str | Unset):
        run_id (None | str | Unset):
        workflow_kind (None | str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (str | Unset):  Default: 'id'.
        sort_order (str | Unset):  Default: 'asc'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | HTTPValidationError | HumanTaskListResponse
    """

    return sync_detailed(
        client=client,
        status=status,
        run_id=run_id,
        workflow_kind=workflow_kind,
        limit=limit,
        offset=offset,
        sort_by=sort_by,
        sort_order=sort_order,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: None | str | Unset = UNSET,
    run_id: None | str | Unset = UNSET,
    workflow_kind: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "id",
    sort_order: str | Unset = "asc",
) -> Response[ErrorResponse | HTTPValidationError | HumanTaskListResponse]:
    """List Human Tasks

     Pending human tasks, one page (limit/offset with `total`). 0.4.0 has no `status` filter (an unknown
    query parameter is ignored). Authenticated (either scheme); the 0.4.0 spec declares no security and
    no error statuses other than 422, the platform enforces both.

    Args:
        status (None | str | Unset):
        run_id (None | str | Unset):
        workflow_kind (None | str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (str | Unset):  Default: 'id'.
        sort_order (str | Unset):  Default: 'asc'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | HTTPValidationError | HumanTaskListResponse]
    """

    kwargs = _get_kwargs(
        status=status,
        run_id=run_id,
        workflow_kind=workflow_kind,
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
    run_id: None | str | Unset = UNSET,
    workflow_kind: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sort_by: str | Unset = "id",
    sort_order: str | Unset = "asc",
) -> ErrorResponse | HTTPValidationError | HumanTaskListResponse | None:
    """List Human Tasks

     Pending human tasks, one page (limit/offset with `total`). 0.4.0 has no `status` filter (an unknown
    query parameter is ignored). Authenticated (either scheme); the 0.4.0 spec declares no security and
    no error statuses other than 422, the platform enforces both.

    Args:
        status (None | str | Unset):
        run_id (None | str | Unset):
        workflow_kind (None | str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (str | Unset):  Default: 'id'.
        sort_order (str | Unset):  Default: 'asc'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | HTTPValidationError | HumanTaskListResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            run_id=run_id,
            workflow_kind=workflow_kind,
            limit=limit,
            offset=offset,
            sort_by=sort_by,
            sort_order=sort_order,
        )
    ).parsed
