"""The check-in, peer and notification operations check who acts and commit their own work."""

from __future__ import annotations

import pytest

from peerapp.emails import render_email
from peerapp.extensions import db
from peerapp.services.checkins import consent, reminders, sober_days
from peerapp.services.errors import NotAllowed, NotFound
from peerapp.services.notify import rounds
from peerapp.services.peers import contact, profiles
from tests.factories import make_clinic


def test_sharing_is_for_clients_and_with_a_clinic_only_when_they_have_one(user_factory):
    without_clinic = user_factory(role="client")
    with pytest.raises(NotFound):
        consent.set_sharing(without_clinic, "share_clinic", True)
    with pytest.raises(NotAllowed):
        consent.set_sharing(user_factory(role="peer"), "share_peer", True)
    with pytest.raises(NotAllowed):
        consent.set_sharing(without_clinic, "checkins", True)

    consent.set_sharing(without_clinic, "share_peer", True)
    db.session.rollback()  # what is shared was committed by the operation itself
    assert consent.has_consent(without_clinic, "share_peer")
    consent.set_sharing(without_clinic, "share_peer", False)
    assert not consent.has_consent(without_clinic, "share_peer")


def test_clinic_sharing_is_kept_for_a_client_of_a_clinic(user_factory):
    clinic = make_clinic()
    db.session.flush()
    client = user_factory(role="client", clinic=clinic)
    consent.set_sharing(client, "share_clinic", True)
    db.session.rollback()
    assert consent.has_consent(client, "share_clinic")


@pytest.mark.parametrize("role", ["clinic", "admin"])
def test_only_clients_and_peers_keep_check_ins(user_factory, role):
    staff = user_factory(role=role)
    with pytest.raises(NotAllowed):
        consent.give_consent(staff)
    with pytest.raises(NotAllowed):
        reminders.set_reminders(staff, {"morning": "07:30"})
    with pytest.raises(NotAllowed):
        sober_days.start_counting(staff, sober_days.today())


def test_only_peers_keep_a_peer_profile_and_only_clients_ask(user_factory):
    client = user_factory(role="client")
    with pytest.raises(NotAllowed):
        profiles.save_profile(client, profiles.ProfileSpec("Kari", visible=True))
    peer = user_factory(role="peer")
    profile = profiles.save_profile(peer, profiles.ProfileSpec("Kari", visible=True))
    with pytest.raises(NotAllowed):
        contact.send_request(peer, {"peer_id": profile.id, "channel": "in_app", "message": "Hei"})


def test_an_unknown_action_on_a_conversation_is_not_found(user_factory):
    client, peer = user_factory(role="client"), user_factory(role="peer")
    profile = profiles.save_profile(peer, profiles.ProfileSpec("Kari", visible=True))
    sent = contact.send_request(
        client, {"peer_id": profile.id, "channel": "in_app", "message": "Hei"}
    )
    with pytest.raises(NotFound):
        contact.act(peer, sent, "delete", "")
    contact.act(peer, sent, "reply", "Hei tilbake")
    db.session.rollback()
    assert [contact.unseal(reply.body) for reply in sent.replies] == ["Hei tilbake"]


def test_a_worker_round_with_nothing_due_reports_nothing(app):
    report = rounds.work_round(render_email, until_empty=True, purge=True)
    assert report.total == 0
