from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.experiment import Experiment
from ...models.experiment_create import ExperimentCreate
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ExperimentCreate,
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
        "url": "/v1/experiments",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Experiment | None:
    if response.status_code == 201:
        response_201 = Experiment.from_dict(response.json())

        return response_201

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
) -> Response[Error | Experiment]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ExperimentCreate,
    x_polarity_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | Experiment]:
    """Create experiment

     Create an experiment over a spec (it does not run until `run_experiment`).

    Args:
        x_polarity_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (ExperimentCreate): Create an experiment over a spec.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Experiment]
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
    body: ExperimentCreate,
    x_polarity_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Error | Experiment | None:
    """Create experiment

     Create an experiment over a spec (it does not run until `run_experiment`).

    Args:
        x_polarity_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (ExperimentCreate): Create an experiment over a spec.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Experiment
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
    body: ExperimentCreate,
    x_polarity_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | Experiment]:
    """Create experiment

     Create an experiment over a spec (it does not run until `run_experiment`).

    Args:
        x_polarity_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (ExperimentCreate): Create an experiment over a spec.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Experiment]
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
    body: ExperimentCreate,
    x_polarity_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Error | Experiment | None:
    """Create experiment

     Create an experiment over a spec (it does not run until `run_experiment`).

    Args:
        x_polarity_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (ExperimentCreate): Create an experiment over a spec.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Experiment
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_polarity_workspace=x_polarity_workspace,
            idempotency_key=idempotency_key,
        )
    ).parsed
