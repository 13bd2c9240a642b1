from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.environment_policy_request import EnvironmentPolicyRequest
from ...models.environment_policy_response import EnvironmentPolicyResponse
from ...models.error_response import ErrorResponse
from ...models.http_validation_error import HTTPValidationError
from ...types import Response


def _get_kwargs(
    environment: str,
    *,
    body: EnvironmentPolicyRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/policies/environment/{environment}".format(
            environment=quote(str(environment), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvironmentPolicyResponse | ErrorResponse | HTTPValidationError | None:
    if response.status_code == 200:
        response_200 = EnvironmentPolicyResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ErrorResponse.from_dict(response.json())

        return response_413

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
) -> Response[EnvironmentPolicyResponse | ErrorResponse | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    environment: str,
    *,
    client: AuthenticatedClient | Client,
    body: EnvironmentPolicyRequest,
) -> Response[EnvironmentPolicyResponse | ErrorResponse | HTTPValidationError]:
    """Put Environment Policy

     Replace an environment's policy; answers the new `policy` and the `previous_policy` (or null).
    Authenticated (either scheme); the 0.4.0 spec declares no security and no error statuses other than
    422, the platform enforces both.

    Args:
        environment (str):
        body (EnvironmentPolicyRequest): The whole policy: PUT replaces the stored one.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvironmentPolicyResponse | ErrorResponse | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        environment=environment,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    environment: str,
    *,
    client: AuthenticatedClient | Client,
    body: EnvironmentPolicyRequest,
) -> EnvironmentPolicyResponse | ErrorResponse | HTTPValidationError | None:
    """Put Environment Policy

     Replace an environment's policy; answers the new `policy` and the `previous_policy` (or null).
    Authenticated (either scheme); the 0.4.0 spec declares no security and no error statuses other than
    422, the platform enforces both.

    Args:
        environment (str):
        body (EnvironmentPolicyRequest): The whole policy: PUT replaces the stored one.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvironmentPolicyResponse | ErrorResponse | HTTPValidationError
    """

    return sync_detailed(
        environment=environment,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    environment: str,
    *,
    client: AuthenticatedClient | Client,
    body: EnvironmentPolicyRequest,
) -> Response[EnvironmentPolicyResponse | ErrorResponse | HTTPValidationError]:
    """Put Environment Policy

     Replace an environment's policy; answers the new `policy` and the `previous_policy` (or null).
    Authenticated (either scheme); the 0.4.0 spec declares no security and no error statuses other than
    422, the platform enforces both.

    Args:
        environment (str):
        body (EnvironmentPolicyRequest): The whole policy: PUT replaces the stored one.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvironmentPolicyResponse | ErrorResponse | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        environment=environment,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    environment: str,
    *,
    client: AuthenticatedClient | Client,
    body: EnvironmentPolicyRequest,
) -> EnvironmentPolicyResponse | ErrorResponse | HTTPValidationError | None:
    """Put Environment Policy

     Replace an environment's policy; answers the new `policy` and the `previous_policy` (or null).
    Authenticated (either scheme); the 0.4.0 spec declares no security and no error statuses other than
    422, the platform enforces both.

    Args:
        environment (str):
        body (EnvironmentPolicyRequest): The whole policy: PUT replaces the stored one.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvironmentPolicyResponse | ErrorResponse | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            environment=environment,
            client=client,
            body=body,
        )
    ).parsed
