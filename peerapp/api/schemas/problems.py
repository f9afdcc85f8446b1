"""Problem answers (RFC 9457) and the health check."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from peerapp.api.schemas.base import ApiModel, ApiRootModel, absent


class Problem(ApiModel):
    """An RFC 9457 problem; `errors` maps each invalid field to a message."""

    type: str = Field(json_schema_extra={"format": "uri-reference"})
    title: str
    status: int = Field(ge=400, le=599)
    detail: str
    errors: dict[str, str] | None = absent(
        description="Field name → message in the request's language."
    )


class Health(ApiModel):
    """Up, with a round trip to the database."""

    status: Literal["ok"]


class OpenApiDocument(ApiRootModel[dict[str, Any]]):
    """The OpenAPI 3.1 description."""


class MyData(ApiRootModel[dict[str, Any]]):
    """Everything stored about the signed-in person (account, check-ins with notes, consents,
    readmission requests, push subscriptions, access log)."""
