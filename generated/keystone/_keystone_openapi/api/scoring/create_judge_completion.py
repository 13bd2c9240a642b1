from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.judge_completion import JudgeCompletion
from ...models.judge_completion_request import JudgeCompletionRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: JudgeCompletionRequest,
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
        "url": "/v1/judge/completions",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | JudgeCompletion | None:
    if response.status_code == 200:
        response_200 = JudgeCompletion.from_dict(response.json())

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
) -> Response[Error | JudgeCompletion]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: JudgeCompletionRequest,
    x_polarity_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | JudgeCompletion]:
    """Create judge completion

     Grade with an LLM judge: an OpenAI-chat-compatible completion run by the service (its own model
    routing; the caller's key authorises it like every other call). The SDK's judge scorers send their
    grading prompt here, so graded content and keys go only to the configured base URL (the published
    client posted them, with the user's key, to a hard-coded third-party host). The first choice's
    `message.content` is the judge's reply: for the SDK's scorers one JSON object `{score, passed,
    reason}`.

    Args:
        x_polarity_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (JudgeCompletionRequest): An OpenAI-chat-compatible completion request for an LLM
            judge.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | JudgeCompletion]
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
    body: JudgeCompletionRequest,
    x_polarity_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Error | JudgeCompletion | None:
    """Create judge completion

     Grade with an LLM judge: an OpenAI-chat-compatible completion run by the service (its own model
    routing; the caller's key authorises it like every other call). The SDK's judge scorers send their
    grading prompt here, so graded content and keys go only to the configured base URL (the published
    client posted them, with the user's key, to a hard-coded third-party host). The first choice's
    `message.content` is the judge's reply: for the SDK's scorers one JSON object `{score, passed,
    reason}`.

    Args:
        x_polarity_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (JudgeCompletionRequest): An OpenAI-chat-compatible completion request for an LLM
            judge.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | JudgeCompletion
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
    body: JudgeCompletionRequest,
    x_polarity_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | JudgeCompletion]:
    """Create judge completion

     Grade with an LLM judge: an OpenAI-chat-compatible completion run by the service (its own model
    routing; the caller's key authorises it like every other call). The SDK's judge scorers send their
    grading prompt here, so graded content and keys go only to the configured base URL (the published
    client posted them, with the user's key, to a hard-coded third-party host). The first choice's
    `message.content` is the judge's reply: for the SDK's scorers one JSON object `{score, passed,
    reason}`.

    Args:
        x_polarity_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (JudgeCompletionRequest): An OpenAI-chat-compatible completion request for an LLM
            judge.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | JudgeCompletion]
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
    body: JudgeCompletionRequest,
    x_polarity_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Error | JudgeCompletion | None:
    """Create judge completion

     Grade with an LLM judge: an OpenAI-chat-compatible completion run by the service (its own model
    routing; the caller's key authorises it like every other call). The SDK's judge scorers send their
    grading prompt here, so graded content and keys go only to the configured base URL (the published
    client posted them, with the user's key, to a hard-coded third-party host). The first choice's
    `message.content` is the judge's reply: for the SDK's scorers one JSON object `{score, passed,
    reason}`.

    Args:
        x_polarity_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (JudgeCompletionRequest): An OpenAI-chat-compatible completion request for an LLM
            judge.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | JudgeCompletion
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_polarity_workspace=x_polarity_workspace,
            idempotency_key=idempotency_key,
        )
    ).parsed
