"""The API's schema-first wiring: spectree validates each request against the body models in
``peerapp.api.schemas`` and generates /api/openapi.json from the same models."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from flask import request
from pydantic import ValidationError as BodyInvalid
from spectree import Response, SpecTree
from spectree.models import InType, SecureType, SecurityScheme, SecuritySchemeData
from spectree.plugins.flask_plugin import FlaskPlugin

from peerapp.api.schemas.problems import Health, Problem
from peerapp.errors import ValidationError
from peerapp.words import LazyString, _, _l

PROBLEM_JSON = "application/problem+json"

#: what a bad value is called when its model names no message of its own
MESSAGES_BY_ERROR: dict[str, LazyString] = {
    "string_type": _l("Must be text."),
    "int_type": _l("Must be a whole number."),
    "int_parsing": _l("Must be a whole number."),
    "missing": _l("Fill this in."),
}


class AnswersAsSent(FlaskPlugin):
    """Validate requests only: answers are checked against the document by the tests, not
    rewritten or refused at run time."""

    def validate_response(
        self, resp: Any, resp_model: Any, skip_validation: bool, force_resp_serialize: bool
    ) -> Any:
        """The view's answer, untouched."""
        return super().validate_response(resp, None, True, False)


def refuse_invalid_body(
    req: Any, resp: Any, error: Exception | None, instance: Any, model_adapter: Any
) -> None:
    """Turn the library's validation error into our 400 problem, in the asker's language."""
    if error is None:
        return
    if not isinstance(request.get_json(silent=True), dict):
        raise ValidationError({"body": _("Send a JSON object.")})
    messages: dict[str, Any] = {}
    if isinstance(error, BodyInvalid):
        own_words = getattr(BODY_MODELS.get(error.title), "messages", {})
        for detail in error.errors():
            field = str(detail["loc"][0]) if detail["loc"] else "body"
            said = own_words.get(field) or MESSAGES_BY_ERROR.get(detail["type"])
            messages.setdefault(field, str(said or _("This value is not valid.")))
    raise ValidationError(messages or {"body": _("Send a JSON object.")})


#: the request models by name (a validation error names its model), for their own messages
BODY_MODELS: dict[str, Any] = {}

api_spec = SpecTree(
    backend=AnswersAsSent,
    mode="strict",
    annotations=False,  # views take their input from the request, as Flask views do
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
    before=refuse_invalid_body,
    validation_error_status=400,
    validation_error_model=Problem,
    title="Peerapp API",
    version="1",
    security_schemes=[
        SecurityScheme(
            name="cookieAuth",
            data=SecuritySchemeData(
                type=SecureType.API_KEY,
                field_in=InType.COOKIE,
                name="__Host-peerapp",
                description=(
                    "The session cookie set by POST /api/v1/session (named peerapp over plain "
                    "HTTP in development). Every state-changing request also sends the "
                    "X-CSRFToken header with the session's csrf_token."
                ),
            ),
        ),
        SecurityScheme(
            name="comeBackKey",
            data=SecuritySchemeData(
                type=SecureType.HTTP,
                scheme="bearer",
                description=(
                    "A come-back key kept on an enrolled client's phone. It may only send "
                    "POST /api/v1/readmission-requests; every other route refuses it (401)."
                ),
            ),
        ),
    ],
    security={"cookieAuth": []},
)


def documented(
    *,
    operation_id: str,
    ok: dict[int, Any],
    errors: dict[int, str] | None = None,
    public: bool = False,
    validate: bool = True,
    security: Any = None,
    **models: Any,
) -> Any:
    """Declare an endpoint once: its operationId, its bodies and its answers. ``validate=False``
    leaves the checking to the service, which names each bad value in its own words (the
    searches' query strings)."""
    answers: dict[str, Any] = {f"HTTP_{status}": model for status, model in ok.items()}
    for status, description in (errors or {}).items():
        answers[f"HTTP_{status}"] = (Problem, description)
    for model in models.values():
        BODY_MODELS[model.__name__] = model
    return api_spec.validate(
        resp=Response(**answers),
        operation_id=operation_id,
        security={} if public else security,
        skip_validation=not validate,
        **models,
    )


@cache
def _shared_parameters() -> dict[str, Any]:
    """The meeting search's query parameters, which other searches refer to by name."""
    from peerapp.api.schemas.meetings import MeetingSearch

    schema = MeetingSearch.model_json_schema()
    shared = {}
    for name, property_schema in schema["properties"].items():
        parameter_schema = dict(property_schema)
        extra = {
            key: parameter_schema.pop(key)
            for key in ("style", "explode")
            if key in parameter_schema
        }
        description = parameter_schema.pop("description", "")
        if parameter_schema.get("default", 0) is None:
            del parameter_schema["default"]
        shared[name] = {
            "name": name,
            "in": "query",
            "description": description,
            "schema": parameter_schema,
            **extra,
        }
    return shared


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document served at ``/api/openapi.json``: spectree's, finished with the
    shared parameters and answers, problem+json errors and the health check."""
    document = json.loads(json.dumps(api_spec.spec))  # plain values, a fresh copy
    document.pop("tags", None)
    document["info"] = {
        "title": "Peerapp API",
        "version": "1",
        "summary": "Self-help meetings, sober places, peers and readmission in Norway.",
        "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
    }
    document["servers"] = [{"url": "/"}]
    shared = _shared_parameters()
    components = document["components"]
    components["parameters"] = shared
    components["responses"] = {
        "BadRequest": _problem("A parameter is not valid; `errors` names it."),
        "NotFound": _problem("No such resource (or it was archived)."),
    }
    for operations in document["paths"].values():
        for operation in operations.values():
            _finish(operation, shared)
    document["paths"]["/healthz"] = {
        "get": {
            "operationId": "health",
            "summary": "Up, with a round trip to the database.",
            "security": [],
            "parameters": [],
            "responses": {
                "200": {
                    "description": "Healthy.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Health"}}
                    },
                }
            },
        }
    }
    components["schemas"]["Health"] = Health.model_json_schema()
    return document


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _finish(operation: dict[str, Any], shared: dict[str, Any]) -> None:
    """Refer to shared parameters and answers, and serve errors as problem+json."""
    if not operation.get("description"):
        operation.pop("description", None)
    if not operation.get("tags"):
        operation.pop("tags", None)
    parameters = []
    for parameter in operation.get("parameters", []):
        name = parameter["name"]
        if parameter["in"] == "query" and shared.get(name) == _tidy(parameter):
            parameters.append({"$ref": f"#/components/parameters/{name}"})
        else:
            parameters.append(_tidy(parameter))
    operation["parameters"] = parameters
    responses = operation["responses"]
    for status, answer in list(responses.items()):
        if int(status) < 400:
            continue
        if status == "400" and answer["description"] == "Bad Request":
            responses[status] = {"$ref": "#/components/responses/BadRequest"}
        elif status == "404" and answer["description"] == "Not Found":
            responses[status] = {"$ref": "#/components/responses/NotFound"}
        elif "content" in answer:
            answer["content"] = {PROBLEM_JSON: answer["content"]["application/json"]}
    asks = [p for p in operation["parameters"] if p.get("in") != "path"]
    if "400" in responses and "requestBody" not in operation and not asks:
        del responses["400"]
    for status, answer in RESPONSE_HEADERS.get(operation["operationId"], {}).items():
        responses[status]["headers"] = answer
    for status, media_type in RESPONSE_MEDIA_TYPES.get(operation["operationId"], {}).items():
        responses[status]["content"] = {media_type: {"schema": {"type": "string"}}}


def _tidy(parameter: dict[str, Any]) -> dict[str, Any]:
    """A parameter without the empty description and the null default spectree leaves."""
    tidy = dict(parameter)
    schema = dict(tidy["schema"])
    tidy["description"] = schema.pop("description", tidy.get("description", ""))
    if schema.get("default", 0) is None:
        del schema["default"]
    tidy["schema"] = schema
    if tidy.get("required") is False:
        del tidy["required"]
    return tidy


#: answer headers the models cannot say
#: answers that are not JSON: their media type, by operation and status
RESPONSE_MEDIA_TYPES: dict[str, dict[str, str]] = {"meetingsCalendar": {"200": "text/calendar"}}

RESPONSE_HEADERS: dict[str, dict[str, Any]] = {
    "deleteSession": {
        "204": {
            "Clear-Site-Data": {
                "description": (
                    'Always `"cache", "storage"`: the browser forgets the pages it kept and the '
                    "offline queue of the person who logged out."
                ),
                "schema": {"type": "string"},
            }
        }
    }
}
