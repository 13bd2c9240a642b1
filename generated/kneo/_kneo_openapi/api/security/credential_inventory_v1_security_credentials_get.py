from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.credential_inventory_response import CredentialInventoryResponse
from ...models.error_response import ErrorResponse
from ...models.http_validation_error import HTTPValidationError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    providers: list[str] | None | Unset = UNSET,
    extras: list[str] | None | Unset = UNSET,
    include_service_tokens: bool | Unset = True,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_providers: list[str] | None | Unset
    if isinstance(providers, Unset):
        json_providers = UNSET
    elif isinstance(providers, list):
        json_providers = providers

    else:
        json_providers = providers
    params["providers"] = json_providers

    json_extras: list[str] | None | Unset
    if isinstance(extras, Unset):
        json_extras = UNSET
    elif isinstance(extras, list):
        json_extras = extras

    else:
        json_extras = extras
    params["extras"] = json_extras

    params["include_service_tokens"] = include_service_tokens

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/security/credentials",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CredentialInventoryResponse | ErrorResponse | HTTPValidationError | None:
    if response.status_code == 200:
        response_200 = CredentialInventoryResponse.from_dict(response.json())

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
) -> Response[CredentialInventoryResponse | ErrorResponse | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    providers: list[str] | None | Unset = UNSET,
    extras: list[str] | None | Unset = UNSET,
    include_service_tokens: bool | Unset = True,
) -> Response[CredentialInventoryResponse | ErrorResponse | HTTPValidationError]:
    """Credential Inventory

     Which provider, extra and service-token credentials are configured (presence only, values redacted).
    Authenticated (either scheme); the 0.4.0 spec declares no security and no error statuses other than
    422, the platform enforces both.

    Args:
        providers (list[str] | None | Unset):
        extras (list[str] | None | Unset):
        include_service_tokens (bool | Unset):  Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CredentialInventoryResponse | ErrorResponse | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        providers=providers,
        extras=extras,
        include_service_tokens=include_service_tokens,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    providers: list[str] | None | Unset = UNSET,
    extras: list[str] | None | Unset = UNSET,
    include_service_tokens: bool | Unset = True,
) -> CredentialInventoryResponse | ErrorResponse | HTTPValidationError | None:
    """Credential Inventory

     Which provider, extra and service-token credentials are configured (presence only, values redacted).
    Authenticated (either scheme); the 0.4.0 spec declares no security and no error statuses other than
    422, the platform enforces both.

    Args:
        providers (list[str] | None | Unset):
        extras (list[str] | None | Unset):
        include_service_tokens (bool | Unset):  Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CredentialInventoryResponse | ErrorResponse | HTTPValidationError
    """

    return sync_detailed(
        client=client,
        providers=providers,
        extras=extras,
        include_service_tokens=include_service_tokens,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    providers: list[str] | None | Unset = UNSET,
    extras: list[str] | None | Unset = UNSET,
    include_service_tokens: bool | Unset = True,
) -> Response[CredentialInventoryResponse | ErrorResponse | HTTPValidationError]:
    """Credential Inventory

     Which provider, extra and service-token credentials are configured (presence only, values redacted).
    Authenticated (either scheme); the 0.4.0 spec declares no security and no error statuses other than
    422, the platform enforces both.

    Args:
        providers (list[str] | None | Unset):
        extras (list[str] | None | Unset):
        include_service_tokens (bool | Unset):  Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CredentialInventoryResponse | ErrorResponse | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        providers=providers,
        extras=extras,
        include_service_tokens=include_service_tokens,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    providers: list[str] | None | Unset = UNSET,
    extras: list[str] | None | Unset = UNSET,
    include_service_tokens: bool | Unset = True,
) -> CredentialInventoryResponse | ErrorResponse | HTTPValidationError | None:
    """Credential Inventory

     Which provider, extra and service-token credentials are configured (presence only, values redacted).
    Authenticated (either scheme); the 0.4.0 spec declares no security and no error statuses other than
    422, the platform enforces both.

    Args:
        providers (list[str] | None | Unset):
        extras (list[str] | None | Unset):
        include_service_tokens (bool | Unset):  Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CredentialInventoryResponse | ErrorResponse | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            providers=providers,
            extras=extras,
            include_service_tokens=include_service_tokens,
        )
    ).parsed
