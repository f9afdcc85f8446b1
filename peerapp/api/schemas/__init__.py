"""The JSON API's request and response bodies, declared once: pydantic models that validate what
is sent and from which /api/openapi.json is generated (one module per domain)."""
