"""Check real API answers against the OpenAPI document, with JSON Schema 2020-12.

The whole document is registered as one schema resource, so a response schema's
``#/components/...`` references resolve exactly as they do for any OpenAPI 3.1 tool.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from werkzeug.test import TestResponse

DOCUMENT_URI = "urn:peerapp:openapi"


def _escape(token: str) -> str:
    """One JSON Pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def _node(spec: dict[str, Any], pointer: str) -> Any:
    """The part of the document a local pointer such as ``#/components/schemas/Meeting`` names."""
    node: Any = spec
    for token in pointer.removeprefix("#/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def response_pointer(spec: dict[str, Any], path: str, method: str, status: int) -> str:
    """Where the documented response is (references followed); fails when it is undocumented."""
    operation = spec["paths"].get(path, {}).get(method.lower())
    assert operation is not None, f"{method.upper()} {path} is not in the OpenAPI document"
    key = str(status) if str(status) in operation["responses"] else "default"
    assert key in operation["responses"], f"{method.upper()} {path} does not document {status}"
    pointer = "/".join(("#/paths", _escape(path), method.lower(), "responses", key))
    while "$ref" in (node := _node(spec, pointer)):
        pointer = node["$ref"]
    return pointer


def validate_response(
    spec: dict[str, Any],
    path: str,
    method: str,
    status: int,
    body: Any,
    media_type: str = "application/json",
) -> None:
    """Fail unless ``body`` is what the document promises for this path, method and status."""
    pointer = response_pointer(spec, path, method, status)
    content = _node(spec, pointer).get("content", {})
    assert media_type in content, (
        f"{method.upper()} {path} {status} is documented as {sorted(content)}, not {media_type}"
    )
    _check(spec, f"{pointer}/content/{_escape(media_type)}/schema", body)


def validate_schema(spec: dict[str, Any], name: str, body: Any) -> None:
    """Fail unless ``body`` is valid against ``#/components/schemas/<name>``."""
    _check(spec, f"#/components/schemas/{_escape(name)}", body)


def _check(spec: dict[str, Any], pointer: str, body: Any) -> None:
    """Validate ``body`` against the schema at ``pointer`` inside the document."""
    registry: Registry[Any] = Registry().with_resource(
        DOCUMENT_URI, Resource.from_contents(spec, default_specification=DRAFT202012)
    )
    # a reference into the document, so that the schema's own $refs resolve there
    validator = Draft202012Validator(
        {"$ref": DOCUMENT_URI + pointer},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}" for e in errors
    )


def assert_documented(spec: dict[str, Any], response: TestResponse, path: str) -> Any:
    """Validate a test client response against ``path`` in the document; return its JSON."""
    body = response.get_json(force=True)
    validate_response(
        spec, path, response.request.method, response.status_code, body, response.mimetype
    )
    return body
