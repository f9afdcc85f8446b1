"""A row id in a page's or the API's path that no table can hold (past 32 bits) is not found
on every route (a 404, or a 405 where another route of that shape takes other methods), for a
visitor and for a signed-in person, never a 500 from the database."""

from __future__ import annotations

import re

import pytest

from tests.support.auth import form_token, session_client

TOO_BIG = ["2147483648", "99999999999999999999"]


def routes_with_ids(app) -> list[tuple[str, str]]:
    """Every (method, rule) whose path holds an ``<int:…>`` id."""
    found = []
    for rule in app.url_map.iter_rules():
        if "<int" not in rule.rule:
            continue
        for method in sorted((rule.methods or set()) & {"GET", "POST", "PUT", "PATCH", "DELETE"}):
            found.append((method, rule.rule))
    return sorted(found)


@pytest.mark.parametrize("role", ["visitor", "client", "admin"])
def test_an_id_past_the_largest_row_is_not_found_on_every_route(app, world, role):
    asker = app.test_client()
    if role == "visitor":
        token = form_token(asker, "/login")
    else:
        asker, token = session_client(app, world["users"][role])
    routes = routes_with_ids(app)
    assert len(routes) > 40  # the pages and the API both hold many
    for too_big in TOO_BIG:
        for method, rule in routes:
            path = re.sub(r"<int[^>]*>", too_big, rule)
            path = re.sub(r"<[^>]+>", "x", path)
            answer = asker.open(
                path,
                method=method,
                data={"csrf_token": token},
                headers={"X-CSRFToken": token},
            )
            assert answer.status_code in (404, 405), (method, rule, too_big, answer.status_code)
