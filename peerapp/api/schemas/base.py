"""What every body model shares: OpenAPI 3.1 spelling of null, closed vocabularies, and fields
a service checks in its own words."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field, RootModel, WithJsonSchema
from pydantic.json_schema import DEFAULT_REF_TEMPLATE, GenerateJsonSchema, JsonSchemaMode
from pydantic_core import core_schema

RootT = TypeVar("RootT")
HHMM_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
#: a closing time may also be 24:00, midnight at the end of the day
CLOSES_PATTERN = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"


class OpenApi31Schema(GenerateJsonSchema):
    """JSON Schema as OpenAPI 3.1 documents write it: ``"type": ["string", "null"]`` for
    something or null, and no generated titles on fields."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> dict[str, Any]:
        """``X | None`` as X's schema with null added to its type, where X names one type."""
        inner = self.generate_inner(schema["schema"])
        kind = inner.get("type")
        if isinstance(kind, str):
            return {**inner, "type": [kind, "null"]}
        if isinstance(kind, list):
            return {**inner, "type": [*kind, "null"]}
        return super().nullable_schema(schema)

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> dict[str, Any]:
        """A field that may be left out; "absent" is not documented as a null default."""
        generated = super().default_schema(schema)
        if "default" in generated and generated["default"] is None:
            del generated["default"]
        return generated

    def field_title_should_be_set(self, schema: Any) -> bool:
        """Field names say enough; generated titles only add noise."""
        return False


def _add_documented_required(schema: dict[str, Any], model: type[Any]) -> None:
    """Declare the fields a service checks for presence as required in the document."""
    schema.pop("title", None)
    required = getattr(model, "documented_required", ())
    if required:
        schema["required"] = [*schema.get("required", []), *required]


class ApiModel(BaseModel):
    """A body of the JSON API, documented with :class:`OpenApi31Schema`."""

    model_config = ConfigDict(populate_by_name=True, json_schema_extra=_add_documented_required)

    #: fields the document calls required whose absence the service reports in its own words
    documented_required: ClassVar[tuple[str, ...]] = ()
    #: a field's own message when what was sent for it is not valid
    messages: ClassVar[dict[str, Any]] = {}

    @classmethod
    def model_json_schema(
        cls,
        by_alias: bool | None = True,
        ref_template: str = DEFAULT_REF_TEMPLATE,
        schema_generator: type[GenerateJsonSchema] = OpenApi31Schema,
        mode: JsonSchemaMode = "validation",
        **kwargs: Any,
    ) -> dict[str, Any]:
        """The model's schema, spelled for OpenAPI 3.1."""
        return super().model_json_schema(
            by_alias=by_alias,
            ref_template=ref_template,
            schema_generator=schema_generator,
            mode=mode,
            **kwargs,
        )


def one_of(values: Iterable[str], **extra: Any) -> WithJsonSchema:
    """Document a string from a closed vocabulary (the code's own list)."""
    return WithJsonSchema({"type": "string", "enum": list(values), **extra})


def member_of(values: Iterable[str]) -> Callable[[Any], Any]:
    """A validator that lets only ``values`` through (its message is the field's own)."""
    allowed = frozenset(values)

    def check(value: Any) -> Any:
        if not isinstance(value, Hashable) or value not in allowed:  # a list or object: refused
            raise ValueError("not one of the allowed values")
        return value

    return check


class ApiRootModel(RootModel[RootT]):
    """A body that is not an object (a list, or any JSON), documented like :class:`ApiModel`."""

    @classmethod
    def model_json_schema(
        cls,
        by_alias: bool | None = True,
        ref_template: str = DEFAULT_REF_TEMPLATE,
        schema_generator: type[GenerateJsonSchema] = OpenApi31Schema,
        mode: JsonSchemaMode = "validation",
        **kwargs: Any,
    ) -> dict[str, Any]:
        """The model's schema, spelled for OpenAPI 3.1."""
        return super().model_json_schema(
            by_alias=by_alias,
            ref_template=ref_template,
            schema_generator=schema_generator,
            mode=mode,
            **kwargs,
        )


def absent(**details: Any) -> Any:
    """A field that may be left out (typed ``Any`` so the field keeps its documented type)."""
    return Field(None, **details)
