from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.validation_finding import ValidationFinding
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    run_id: str | Unset = UNSET,
    pipeline_run_id: str | Unset = UNSET,
    validator: str | Unset = UNSET,
    severity: str | Unset = UNSET,
    spec_id: str | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["run_id"] = run_id

    params["pipeline_run_id"] = pipeline_run_id

    params["validator"] = validator

    params["severity"] = severity

    params["spec_id"] = spec_id

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/findings",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | list[ValidationFinding] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = ValidationFinding.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if 500 <= response.status_code <= 599:
        response_5xx = Error.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | list[ValidationFinding]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    run_id: str | Unset = UNSET,
    pipeline_run_id: str | Unset = UNSET,
    validator: str | Unset = UNSET,
    severity: str | Unset = UNSET,
    spec_id: str | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
) -> Response[Error | list[ValidationFinding]]:
    """Filter validation findings (filters AND together)

    Args:
        run_id (str | Unset):
        pipeline_run_id (str | Unset):
        validator (str | Unset):
        severity (str | Unset):
        spec_id (str | Unset):
        limit (int | Unset):  Default: 100.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[ValidationFinding]]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        pipeline_run_id=pipeline_run_id,
        validator=validator,
        severity=severity,
        spec_id=spec_id,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    run_id: str | Unset = UNSET,
    pipeline_run_id: str | Unset = UNSET,
    validator: str | Unset = UNSET,
    severity: str | Unset = UNSET,
    spec_id: str | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
) -> Error | list[ValidationFinding] | None:
    """Filter validation findings (filters AND together)

    Args:
        run_id (str | Unset):
        pipeline_run_id (str | Unset):
        validator (str | Unset):
        severity (str | Unset):
        spec_id (str | Unset):
        limit (int | Unset):  Default: 100.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[ValidationFinding]
    """

    return sync_detailed(
        client=client,
        run_id=run_id,
        pipeline_run_id=pipeline_run_id,
        validator=validator,
        severity=severity,
        spec_id=spec_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    run_id: str | Unset = UNSET,
    pipeline_run_id: str | Unset = UNSET,
    validator: str | Unset = UNSET,
    severity: str | Unset = UNSET,
    spec_id: str | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
) -> Response[Error | list[ValidationFinding]]:
    """Filter validation findings (filters AND together)

    Args:
        run_id (str | Unset):
        pipeline_run_id (str | Unset):
        validator (str | Unset):
        severity (str | Unset):
        spec_id (str | Unset):
        limit (int | Unset):  Default: 100.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[ValidationFinding]]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        pipeline_run_id=pipeline_run_id,
        validator=validator,
        severity=severity,
        spec_id=spec_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    run_id: str | Unset = UNSET,
    pipeline_run_id: str | Unset = UNSET,
    validator: str | Unset = UNSET,
    severity: str | Unset = UNSET,
    spec_id: str | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
) -> Error | list[ValidationFinding] | None:
    """Filter validation findings (filters AND together)

    Args:
        run_id (str | Unset):
        pipeline_run_id (str | Unset):
        validator (str | Unset):
        severity (str | Unset):
        spec_id (str | Unset):
        limit (int | Unset):  Default: 100.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[ValidationFinding]
    """

    return (
        await asyncio_detailed(
            client=client,
            run_id=run_id,
            pipeline_run_id=pipeline_run_id,
            validator=validator,
            severity=severity,
            spec_id=spec_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
