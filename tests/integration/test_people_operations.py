"""The account operations pages, the API and the CLI share: each checks who may do it, writes
in one unit of work, and leaves nothing behind when it refuses."""

from __future__ import annotations

import pyotp
import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import AuditEvent, RecoveryCode, StewardLimit, User, UserSession
from peerapp.services.errors import NotAllowed, NotFound, ValidationError
from peerapp.services.people import accounts, administration, mydata, second_factor
from tests.factories import PASSWORD


def _sessions_of(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(UserSession).where(UserSession.user_id == user.id)
    )


def _audited(action: str, subject: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == action, AuditEvent.subject_id == subject.id)
    )


def test_staff_cannot_turn_the_second_factor_off(user_factory):
    staff = user_factory(role="clinic")
    with pytest.raises(NotAllowed):
        second_factor.turn_off(staff, PASSWORD, keep_token=None)
    db.session.expire_all()
    assert staff.has_totp


def test_turning_the_second_factor_off_needs_the_password_and_ends_other_sessions(user_factory):
    peer = user_factory(role="peer", totp=True)
    kept, other = accounts.open_session(peer), accounts.open_session(peer)
    with pytest.raises(ValidationError) as refused:
        second_factor.turn_off(peer, "not the password", keep_token=kept)
    assert set(refused.value.errors) == {"password"}
    assert _sessions_of(peer) == 2
    second_factor.turn_off(peer, PASSWORD, keep_token=kept)
    db.session.expire_all()
    assert not peer.has_totp
    assert _sessions_of(peer) == 1
    assert other != kept


def test_setting_up_the_second_factor_commits_only_a_matching_code(user_factory):
    peer = user_factory(role="peer", totp=False)
    secret = second_factor.secret_to_enrol(peer)
    assert second_factor.secret_to_enrol(peer) == secret  # the same setup until it is finished
    assert second_factor.finish_enrolment(peer, "000000") is None
    codes = second_factor.finish_enrolment(peer, pyotp.TOTP(secret).now())
    assert codes is not None
    db.session.expire_all()
    assert peer.has_totp
    assert second_factor.recovery_codes_left(peer) == len(codes)


def test_new_recovery_codes_need_a_second_factor(user_factory):
    client = user_factory(role="client")
    with pytest.raises(NotAllowed):
        second_factor.replace_recovery_codes(client, PASSWORD, "192.0.2.1")
    count = sa.select(sa.func.count()).select_from(RecoveryCode)
    assert db.session.scalar(count.where(RecoveryCode.user_id == client.id)) == 0


def test_logging_out_ends_the_session_on_the_server(user_factory):
    client = user_factory(role="client")
    token = accounts.open_session(client)
    accounts.close_session(client, token, push_endpoint="https://push.example/not-subscribed")
    assert _sessions_of(client) == 0


@pytest.mark.parametrize("role", ["clinic", "admin"])
def test_staff_cannot_erase_their_own_account(user_factory, role):
    staff = user_factory(role=role)
    with pytest.raises(NotAllowed):
        mydata.erase_account(staff, PASSWORD)
    assert db.session.get(User, staff.id) is not None


def test_erasing_needs_the_password(user_factory):
    client = user_factory(role="client")
    user_id = client.id
    with pytest.raises(ValidationError) as refused:
        mydata.erase_account(client, "not the password")
    assert set(refused.value.errors) == {"password"}
    assert db.session.get(User, user_id) is not None
    mydata.erase_account(client, PASSWORD)
    db.session.expire_all()
    assert db.session.get(User, user_id) is None


@pytest.mark.parametrize("role", ["client", "peer", "clinic"])
def test_only_admins_administer_accounts(user_factory, role):
    someone, peer = user_factory(role=role), user_factory(role="peer")
    with pytest.raises(NotAllowed):
        administration.accounts_for_admin(someone)
    with pytest.raises(NotAllowed):
        administration.look_at_account(someone, peer.id)
    with pytest.raises(NotAllowed):
        administration.set_peer_limits(someone, peer.id, ["Bergen"], [])
    assert _audited("account.view", peer) == 0


def test_an_admin_looking_at_an_account_is_audited(user_factory):
    admin, client = user_factory(role="admin"), user_factory(role="client")
    assert administration.look_at_account(admin, client.id).id == client.id
    assert _audited("account.view", client) == 1
    with pytest.raises(NotFound):
        administration.look_at_account(admin, 2_000_000_000)


def test_limits_that_cannot_be_leave_nothing_behind(user_factory):
    admin, client = user_factory(role="admin"), user_factory(role="client")
    with pytest.raises(ValidationError):
        administration.set_peer_limits(admin, client.id, ["Bergen"], [])
    stored = sa.select(sa.func.count()).select_from(StewardLimit)
    assert db.session.scalar(stored.where(StewardLimit.user_id == client.id)) == 0
    peer = user_factory(role="peer")
    administration.set_peer_limits(admin, peer.id, ["Bergen"], [])
    assert db.session.scalar(stored.where(StewardLimit.user_id == peer.id)) == 1
    assert _audited("peer.limits", peer) == 1
