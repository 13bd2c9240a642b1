from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.correlation_match import CorrelationMatch
from ...models.error import Error
from ...models.list_correlations_mode import ListCorrelationsMode
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    validators: list[str],
    severity: str | Unset = "blocker",
    mode: ListCorrelationsMode | Unset = ListCorrelationsMode.AND,
    pipeline_run_id: str | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_validators = validators

    params["validators"] = json_validators

    params["severity"] = severity

    json_mode: str | Unset = UNSET
    if not isinstance(mode, Unset):
        json_mode = mode.value

    params["mode"] = json_mode

    params["pipeline_run_id"] = pipeline_run_id

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/correlations",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | list[CorrelationMatch] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = CorrelationMatch.from_dict(response_200_item_data)

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
) -> Response[Error | list[CorrelationMatch]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    validators: list[str],
    severity: str | Unset = "blocker",
    mode: ListCorrelationsMode | Unset = ListCorrelationsMode.AND,
    pipeline_run_id: str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Error | list[CorrelationMatch]]:
    """Multi-validator correlation query

    Args:
        validators (list[str]):
        severity (str | Unset):  Default: 'blocker'.
        mode (ListCorrelationsMode | Unset):  Default: ListCorrelationsMode.AND.
        pipeline_run_id (str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[CorrelationMatch]]
    """

    kwargs = _get_kwargs(
        validators=validators,
        severity=severity,
        mode=mode,
        pipeline_run_id=pipeline_run_id,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    validators: list[str],
    severity: str | Unset = "blocker",
    mode: ListCorrelationsMode | Unset = ListCorrelationsMode.AND,
    pipeline_run_id: str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Error | list[CorrelationMatch] | None:
    """Multi-validator correlation query

    Args:
        validators (list[str]):
        severity (str | Unset):  Default: 'blocker'.
        mode (ListCorrelationsMode | Unset):  Default: ListCorrelationsMode.AND.
        pipeline_run_id (str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[CorrelationMatch]
    """

    return sync_detailed(
        client=client,
        validators=validators,
        severity=severity,
        mode=mode,
        pipeline_run_id=pipeline_run_id,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    validators: list[str],
    severity: str | Unset = "blocker",
    mode: ListCorrelationsMode | Unset = ListCorrelationsMode.AND,
    pipeline_run_id: str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Error | list[CorrelationMatch]]:
    """Multi-validator correlation query

    Args:
        validators (list[str]):
        severity (str | Unset):  Default: 'blocker'.
        mode (ListCorrelationsMode | Unset):  Default: ListCorrelationsMode.AND.
        pipeline_run_id (str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[CorrelationMatch]]
    """

    kwargs = _get_kwargs(
        validators=validators,
        severity=severity,
        mode=mode,
        pipeline_run_id=pipeline_run_id,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    validators: list[str],
    severity: str | Unset = "blocker",
    mode: ListCorrelationsMode | Unset = ListCorrelationsMode.AND,
    pipeline_run_id: str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Error | list[CorrelationMatch] | None:
    """Multi-validator correlation query

    Args:
        validators (list[str]):
        severity (str | Unset):  Default: 'blocker'.
        mode (ListCorrelationsMode | Unset):  Default: ListCorrelationsMode.AND.
        pipeline_run_id (str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[CorrelationMatch]
    """

    return (
        await asyncio_detailed(
            client=client,
            validators=validators,
            severity=severity,
            mode=mode,
            pipeline_run_id=pipeline_run_id,
            limit=limit,
        )
    ).parsed
