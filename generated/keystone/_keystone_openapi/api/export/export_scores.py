from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.score_result_page import ScoreResultPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
    experiment_id: str | Unset = UNSET,
    rule_id: str | Unset = UNSET,
    x_polarity_workspace: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_polarity_workspace, Unset):
        headers["X-Polarity-Workspace"] = x_polarity_workspace

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    params["experiment_id"] = experiment_id

    params["rule_id"] = rule_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/scores",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ScoreResultPage | None:
    if response.status_code == 200:
        response_200 = ScoreResultPage.from_dict(response.json())

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
) -> Response[Error | ScoreResultPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
    experiment_id: str | Unset = UNSET,
    rule_id: str | Unset = UNSET,
    x_polarity_workspace: str | Unset = UNSET,
) -> Response[Error | ScoreResultPage]:
    """Export scores

     Scores, one page (`{items, next_cursor}`), filtered.

    Args:
        limit (int | Unset):  Default: 100.
        cursor (str | Unset):
        experiment_id (str | Unset):
        rule_id (str | Unset):
        x_polarity_workspace (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ScoreResultPage]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        experiment_id=experiment_id,
        rule_id=rule_id,
        x_polarity_workspace=x_polarity_workspace,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
    experiment_id: str | Unset = UNSET,
    rule_id: str | Unset = UNSET,
    x_polarity_workspace: str | Unset = UNSET,
) -> Error | ScoreResultPage | None:
    """Export scores

     Scores, one page (`{items, next_cursor}`), filtered.

    Args:
        limit (int | Unset):  Default: 100.
        cursor (str | Unset):
        experiment_id (str | Unset):
        rule_id (str | Unset):
        x_polarity_workspace (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ScoreResultPage
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        experiment_id=experiment_id,
        rule_id=rule_id,
        x_polarity_workspace=x_polarity_workspace,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
    experiment_id: str | Unset = UNSET,
    rule_id: str | Unset = UNSET,
    x_polarity_workspace: str | Unset = UNSET,
) -> Response[Error | ScoreResultPage]:
    """Export scores

     Scores, one page (`{items, next_cursor}`), filtered.

    Args:
        limit (int | Unset):  Default: 100.
        cursor (str | Unset):
        experiment_id (str | Unset):
        rule_id (str | Unset):
        x_polarity_workspace (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ScoreResultPage]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        experiment_id=experiment_id,
        rule_id=rule_id,
        x_polarity_workspace=x_polarity_workspace,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
    experiment_id: str | Unset = UNSET,
    rule_id: str | Unset = UNSET,
    x_polarity_workspace: str | Unset = UNSET,
) -> Error | ScoreResultPage | None:
    """Export scores

     Scores, one page (`{items, next_cursor}`), filtered.

    Args:
        limit (int | Unset):  Default: 100.
        cursor (str | Unset):
        experiment_id (str | Unset):
        rule_id (str | Unset):
        x_polarity_workspace (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ScoreResultPage
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            experiment_id=experiment_id,
            rule_id=rule_id,
            x_polarity_workspace=x_polarity_workspace,
        )
    ).parsed
