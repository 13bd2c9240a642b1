from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.experiment_metrics import ExperimentMetrics
from ...types import UNSET, Response, Unset


def _get_kwargs(
    experiment_id: str,
    *,
    x_polarity_workspace: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_polarity_workspace, Unset):
        headers["X-Polarity-Workspace"] = x_polarity_workspace

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/metrics/experiments/{experiment_id}".format(
            experiment_id=quote(str(experiment_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ExperimentMetrics | None:
    if response.status_code == 200:
        response_200 = ExperimentMetrics.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

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
) -> Response[Error | ExperimentMetrics]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    experiment_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_polarity_workspace: str | Unset = UNSET,
) -> Response[Error | ExperimentMetrics]:
    """Get experiment metrics

     Metrics over the experiment's runs: summary, per-tool breakdown, cost and pass-rate trends.

    Args:
        experiment_id (str):
        x_polarity_workspace (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExperimentMetrics]
    """

    kwargs = _get_kwargs(
        experiment_id=experiment_id,
        x_polarity_workspace=x_polarity_workspace,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    experiment_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_polarity_workspace: str | Unset = UNSET,
) -> Error | ExperimentMetrics | None:
    """Get experiment metrics

     Metrics over the experiment's runs: summary, per-tool breakdown, cost and pass-rate trends.

    Args:
        experiment_id (str):
        x_polarity_workspace (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExperimentMetrics
    """

    return sync_detailed(
        experiment_id=experiment_id,
        client=client,
        x_polarity_workspace=x_polarity_workspace,
    ).parsed


async def asyncio_detailed(
    experiment_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_polarity_workspace: str | Unset = UNSET,
) -> Response[Error | ExperimentMetrics]:
    """Get experiment metrics

     Metrics over the experiment's runs: summary, per-tool breakdown, cost and pass-rate trends.

    Args:
        experiment_id (str):
        x_polarity_workspace (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExperimentMetrics]
    """

    kwargs = _get_kwargs(
        experiment_id=experiment_id,
        x_polarity_workspace=x_polarity_workspace,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    experiment_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_polarity_workspace: str | Unset = UNSET,
) -> Error | ExperimentMetrics | None:
    """Get experiment metrics

     Metrics over the experiment's runs: summary, per-tool breakdown, cost and pass-rate trends.

    Args:
        experiment_id (str):
        x_polarity_workspace (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExperimentMetrics
    """

    return (
        await asyncio_detailed(
            experiment_id=experiment_id,
            client=client,
            x_polarity_workspace=x_polarity_workspace,
        )
    ).parsed
