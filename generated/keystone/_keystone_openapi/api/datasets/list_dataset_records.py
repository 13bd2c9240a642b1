from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.dataset_record import DatasetRecord
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    dataset_id: str,
    *,
    version: int | Unset = UNSET,
    tags: str | Unset = UNSET,
    x_polarity_workspace: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_polarity_workspace, Unset):
        headers["X-Polarity-Workspace"] = x_polarity_workspace

    params: dict[str, Any] = {}

    params["version"] = version

    params["tags"] = tags

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/datasets/{dataset_id}/records".format(
            dataset_id=quote(str(dataset_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | list[DatasetRecord] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = DatasetRecord.from_dict(response_200_item_data)

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
) -> Response[Error | list[DatasetRecord]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    dataset_id: str,
    *,
    client: AuthenticatedClient | Client,
    version: int | Unset = UNSET,
    tags: str | Unset = UNSET,
    x_polarity_workspace: str | Unset = UNSET,
) -> Response[Error | list[DatasetRecord]]:
    """List records

     The dataset's records, as a bare JSON array (not paged).

    Args:
        dataset_id (str):
        version (int | Unset):
        tags (str | Unset):
        x_polarity_workspace (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[DatasetRecord]]
    """

    kwargs = _get_kwargs(
        dataset_id=dataset_id,
        version=version,
        tags=tags,
        x_polarity_workspace=x_polarity_workspace,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    dataset_id: str,
    *,
    client: AuthenticatedClient | Client,
    version: int | Unset = UNSET,
    tags: str | Unset = UNSET,
    x_polarity_workspace: str | Unset = UNSET,
) -> Error | list[DatasetRecord] | None:
    """List records

     The dataset's records, as a bare JSON array (not paged).

    Args:
        dataset_id (str):
        version (int | Unset):
        tags (str | Unset):
        x_polarity_workspace (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[DatasetRecord]
    """

    return sync_detailed(
        dataset_id=dataset_id,
        client=client,
        version=version,
        tags=tags,
        x_polarity_workspace=x_polarity_workspace,
    ).parsed


async def asyncio_detailed(
    dataset_id: str,
    *,
    client: AuthenticatedClient | Client,
    version: int | Unset = UNSET,
    tags: str | Unset = UNSET,
    x_polarity_workspace: str | Unset = UNSET,
) -> Response[Error | list[DatasetRecord]]:
    """List records

     The dataset's records, as a bare JSON array (not paged).

    Args:
        dataset_id (str):
        version (int | Unset):
        tags (str | Unset):
        x_polarity_workspace (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[DatasetRecord]]
    """

    kwargs = _get_kwargs(
        dataset_id=dataset_id,
        version=version,
        tags=tags,
        x_polarity_workspace=x_polarity_workspace,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    dataset_id: str,
    *,
    client: AuthenticatedClient | Client,
    version: int | Unset = UNSET,
    tags: str | Unset = UNSET,
    x_polarity_workspace: str | Unset = UNSET,
) -> Error | list[DatasetRecord] | None:
    """List records

     The dataset's records, as a bare JSON array (not paged).

    Args:
        dataset_id (str):
        version (int | Unset):
        tags (str | Unset):
        x_polarity_workspace (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[DatasetRecord]
    """

    return (
        await asyncio_detailed(
            dataset_id=dataset_id,
            client=client,
            version=version,
            tags=tags,
            x_polarity_workspace=x_polarity_workspace,
        )
    ).parsed
