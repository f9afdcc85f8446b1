"""Whatever order, repetition and concurrency the taps come in: one request per key, at most one
open request per client, and every key answered with the same request each time."""

from __future__ import annotations

import threading
from collections import defaultdict

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerapp.extensions import db
from peerapp.models import ReadmissionRequest, User
from peerapp.services.readmission import queue, requests, timeline
from tests.factories import make_clinic, make_user

#: one step: (client, key) taps; ("withdraw", client) withdraws that client's open request
TAPS = st.tuples(st.integers(0, 2), st.sampled_from(["a", "b", "c", "d"]))
STEP = st.one_of(TAPS, TAPS, st.tuples(st.just("withdraw"), st.integers(0, 2)))
#: steps in a batch run at the same time, batches one after another
BATCHES = st.lists(st.lists(STEP, min_size=1, max_size=4), min_size=1, max_size=4)


def _run(app, step, clients: list[int], answers: dict) -> None:
    """One step in its own app context (its own database session), as a gunicorn worker would."""
    with app.app_context():
        if step[0] == "withdraw":
            user = db.session.get(User, clients[step[1]])
            open_one = queue.open_request_of(user)
            if open_one is not None:
                try:
                    timeline.change_status(user, open_one, "withdrawn")
                except timeline.IllegalTransition:
                    pass  # withdrawn by a parallel step first
            return
        index, key = step
        user = db.session.get(User, clients[index])
        result = requests.submit(user, key)
        answers[(index, key)].append((result.request.id, result.created, result.already_open))
        db.session.remove()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batches=BATCHES)
def test_taps_in_any_order_and_in_parallel_keep_the_promises(app, batches):
    clinic = make_clinic()
    clients = [make_user(role="client", clinic=clinic).id for _ in range(3)]
    db.session.commit()
    answers: dict[tuple[int, str], list[tuple[int, bool, bool]]] = defaultdict(list)

    for batch in batches:
        threads = [
            threading.Thread(target=_run, args=(app, step, clients, answers)) for step in batch
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    db.session.commit()
    rows = db.session.execute(
        sa.select(
            ReadmissionRequest.id,
            ReadmissionRequest.client_id,
            ReadmissionRequest.idempotency_key,
            ReadmissionRequest.status,
        ).where(ReadmissionRequest.client_id.in_(clients))
    ).all()
    by_key = defaultdict(list)
    for row in rows:
        by_key[(row.client_id, row.idempotency_key)].append(row.id)
    # exactly one stored request for each key that made one, never two
    assert all(len(ids) == 1 for ids in by_key.values())
    created = {k: [a for a in v if a[1]] for k, v in answers.items()}
    for (index, key), made in created.items():
        assert len(made) <= 1
        if made:
            assert by_key[(clients[index], key)] == [made[0][0]]
    # the same key always answers with the same request, unless it found another open one
    for seen in answers.values():
        own = {request_id for request_id, _, already in seen if not already}
        assert len(own) <= 1
    # at most one open request per client
    open_per_client = defaultdict(int)
    for row in rows:
        if row.status in ("sent", "received", "contacted", "offered"):
            open_per_client[row.client_id] += 1
    assert all(count <= 1 for count in open_per_client.values())
    # nothing stored that no one was told about
    told = {request_id for seen in answers.values() for request_id, _, _ in seen}
    assert {row.id for row in rows} <= told
