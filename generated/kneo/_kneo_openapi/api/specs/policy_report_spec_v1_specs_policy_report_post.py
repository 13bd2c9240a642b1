from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.http_validation_error import HTTPValidationError
from ...models.spec_policy_report_request import SpecPolicyReportRequest
from ...models.spec_policy_report_response import SpecPolicyReportResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: SpecPolicyReportRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/specs/policy-report",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | HTTPValidationError | SpecPolicyReportResponse | None:
    if response.status_code == 200:
        response_200 = SpecPolicyReportResponse.from_dict(response.json())

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
) -> Response[ErrorResponse | HTTPValidationError | SpecPolicyReportResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SpecPolicyReportRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ErrorResponse | HTTPValidationError | SpecPolicyReportResponse]:
    """Policy Report Spec

     Evaluate a spec against an environment's policy. Read-only: an Idempotency-Key is accepted but not
    needed. Authenticated (either scheme); the 0.4.0 spec declares no security and no error statuses
    other than 422, the platform enforces both.

    Args:
        idempotency_key (None | str | Unset):
        body (SpecPolicyReportRequest): Either `spec` or `spec_path` must be set.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | HTTPValidationError | SpecPolicyReportResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: SpecPolicyReportRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> ErrorResponse | HTTPValidationError | SpecPolicyReportResponse | None:
    """Policy Report Spec

     Evaluate a spec against an environment's policy. Read-only: an Idempotency-Key is accepted but not
    needed. Authenticated (either scheme); the 0.4.0 spec declares no security and no error statuses
    other than 422, the platform enforces both.

    Args:
        idempotency_key (None | str | Unset):
        body (SpecPolicyReportRequest): Either `spec` or `spec_path` must be set.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | HTTPValidationError | SpecPolicyReportResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SpecPolicyReportRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ErrorResponse | HTTPValidationError | SpecPolicyReportResponse]:
    """Policy Report Spec

     Evaluate a spec against an environment's policy. Read-only: an Idempotency-Key is accepted but not
    needed. Authenticated (either scheme); the 0.4.0 spec declares no security and no error statuses
    other than 422, the platform enforces both.

    Args:
        idempotency_key (None | str | Unset):
        body (SpecPolicyReportRequest): Either `spec` or `spec_path` must be set.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | HTTPValidationError | SpecPolicyReportResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SpecPolicyReportRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> ErrorResponse | HTTPValidationError | SpecPolicyReportResponse | None:
    """Policy Report Spec

     Evaluate a spec against an environment's policy. Read-only: an Idempotency-Key is accepted but not
    needed. Authenticated (either scheme); the 0.4.0 spec declares no security and no error statuses
    other than 422, the platform enforces both.

    Args:
        idempotency_key (None | str | Unset):
        body (SpecPolicyReportRequest): Either `spec` or `spec_path` must be set.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | HTTPValidationError | SpecPolicyReportResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
