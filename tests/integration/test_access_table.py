"""Default deny: every route in the app, asked by every role, answers as this table says.

A new route that is not in the table fails ``test_every_route_has_a_decision``: whoever adds it
must decide who may use it. Rows that need an object name it with a placeholder filled in below.
"""

from __future__ import annotations

from typing import Any

import pytest

from peerapp.access import EVERYONE, allowed_roles
from tests.support.auth import session_client

ROLES = ("visitor", "client", "peer", "clinic", "admin", "municipal", "relative")
ALL_200 = dict.fromkeys(ROLES, 200)


def signed_in(ok: int, visitor: int = 302) -> dict[str, int]:
    """Everyone signed in gets ``ok``; a visitor is sent to log in (302) or gets 401 (API)."""
    return {"visitor": visitor, **dict.fromkeys(ROLES[1:], ok)}


def only(role: str, ok: int = 200, visitor: int = 302) -> dict[str, int]:
    """One role gets ``ok``; other signed-in roles 403; a visitor is sent to log in."""
    return {"visitor": visitor, **dict.fromkeys(ROLES[1:], 403), role: ok}


#: endpoint -> (method, path, body, expected status by role)
TABLE: dict[str, tuple[str, str, Any, dict[str, int]]] = {
    "static": ("GET", "/static/css/app.css", None, ALL_200),
    "meetings.finder": ("GET", "/", None, ALL_200),
    "meetings.meeting_page": ("GET", "/meetings/{meeting}", None, ALL_200),
    "meetings.meeting_calendar": ("GET", "/meetings/{meeting}.ics", None, ALL_200),
    "meetings.first_time": ("GET", "/meetings/first-time", None, ALL_200),
    "meetings.first_time_fellowship": ("GET", "/meetings/first-time/na", None, ALL_200),
    "meetings.remind_me": ("POST", "/meetings/{meeting}/reminders", {}, signed_in(400)),
    "meetings.first_months_choice": ("POST", "/home/first-months", {}, only("client", 400)),
    "meetings.cancel_reminder": ("POST", "/meetings/reminders/999/cancel", {}, signed_in(404)),
    "places.finder": ("GET", "/places", None, ALL_200),
    "places.place_page": ("GET", "/places/{place}", None, ALL_200),
    "places.new_place": ("GET", "/places/new", None, {**only("peer"), "admin": 200}),
    "places.edit_place": ("GET", "/places/{place}/edit", None, {**only("peer"), "admin": 200}),
    # asking first: the page that confirms archiving
    "places.archive": ("GET", "/places/{place}/archive", None, {**only("peer"), "admin": 200}),
    "places.verify": (
        "POST",
        "/places/{place}/verify",
        {},
        {**only("peer", 303), "admin": 303},
    ),
    "places.look_after": ("GET", "/places/look-after", None, {**only("peer"), "admin": 200}),
    "pwa.healthz": ("GET", "/healthz", None, ALL_200),
    "pwa.help_page": ("GET", "/help", None, ALL_200),
    "pwa.offline": ("GET", "/offline", None, ALL_200),
    "pwa.manifest": ("GET", "/manifest.webmanifest", None, ALL_200),
    "pwa.service_worker": ("GET", "/sw.js", None, ALL_200),
    "auth.login": ("POST", "/login", {}, dict.fromkeys(ROLES, 400)),
    "auth.login_code": ("GET", "/login/code", None, dict.fromkeys(ROLES, 302)),
    "auth.login_enrol": ("GET", "/login/enrol", None, dict.fromkeys(ROLES, 302)),
    "auth.register": ("POST", "/register", {}, {**signed_in(302), "visitor": 400}),
    "auth.logout": ("POST", "/logout", {}, signed_in(302)),
    "auth.account": ("GET", "/account", None, signed_in(200)),
    "auth.change_password": ("POST", "/account/password", {}, signed_in(400)),
    "auth.security": ("GET", "/account/security", None, signed_in(200)),
    "auth.passkey_options": ("POST", "/account/passkeys/options", {}, signed_in(200)),
    # no challenge asked for first, and no JSON: nothing to keep
    "auth.add_passkey": ("POST", "/account/passkeys", {}, signed_in(400)),
    "auth.remove_passkey": ("POST", "/account/passkeys/999/remove", {}, signed_in(303)),
    "auth.passkey_sign_in_options": ("POST", "/login/passkey/options", {}, ALL_200),
    "auth.passkey_sign_in": ("POST", "/login/passkey", {}, dict.fromkeys(ROLES, 400)),
    "auth.reset_password": ("POST", "/reset-password", {}, dict.fromkeys(ROLES, 400)),
    "auth.new_reset_codes": ("POST", "/account/reset-codes", {}, signed_in(303)),
    "auth.remove_come_back_key": (
        "POST",
        "/account/come-back-keys/999/remove",
        {},
        only("client", 303),
    ),
    "auth.new_recovery_codes": (
        "POST",
        "/account/security/recovery-codes",
        {},
        {**signed_in(302), "clinic": 400, "admin": 400, "municipal": 400},
    ),
    "auth.disable_second_factor": (
        "POST",
        "/account/security/disable",
        {},
        {**signed_in(400), "clinic": 303, "admin": 303, "municipal": 303},
    ),
    "auth.access_log": ("GET", "/account/access-log", None, signed_in(200)),
    "clinic.dashboard": ("GET", "/clinic", None, only("clinic")),
    "clinic.client_detail": ("GET", "/clinic/clients/{client}", None, only("clinic")),
    "clinic.client_access": ("GET", "/clinic/clients/{client}/access", None, only("clinic")),
    "clinic.client_reset_code": (
        "POST",
        "/clinic/clients/{client}/reset-code",
        {},
        only("clinic"),
    ),
    # no such key: as if it never existed
    "clinic.client_remove_key": (
        "POST",
        "/clinic/clients/{client}/come-back-keys/999/remove",
        {},
        only("clinic", 404),
    ),
    "clinic.queue_section": ("GET", "/clinic/queue", None, only("clinic")),
    "clinic.client_reference": (
        "POST",
        "/clinic/clients/{client}/reference",
        {},
        only("clinic", 303),
    ),
    "admin.home": ("GET", "/admin/", None, only("admin")),
    "admin.user_detail": ("GET", "/admin/users/{client}", None, only("admin")),
    "admin.audit_log": ("GET", "/admin/audit", None, only("admin")),
    # help services: anyone finds them; peers, municipal staff and admins keep them true
    "api.list_services": ("GET", "/api/v1/services", None, ALL_200),
    "api.get_service": ("GET", "/api/v1/services/{service}", None, ALL_200),
    "api.list_hsds_services": ("GET", "/api/v1/hsds/services", None, ALL_200),
    "api.get_hsds_service": ("GET", "/api/v1/hsds/services/{service_uid}", None, ALL_200),
    "api.create_service": (
        "POST",
        "/api/v1/services",
        {},
        {**only("peer", 400, visitor=401), "admin": 400, "municipal": 400},
    ),
    # an empty change changes nothing
    "api.update_service": (
        "PATCH",
        "/api/v1/services/{service}",
        {},
        {**only("peer", 200, visitor=401), "admin": 200, "municipal": 200},
    ),
    "api.verify_service": (
        "POST",
        "/api/v1/services/{service}/verify",
        None,
        {**only("peer", 200, visitor=401), "admin": 200, "municipal": 200},
    ),
    "api.archive_service": (
        "POST",
        "/api/v1/services/{service}/archive",
        None,
        {**only("peer", 200, visitor=401), "admin": 200, "municipal": 200},
    ),
    "helpservices.finder": ("GET", "/services", None, ALL_200),
    "helpservices.service_page": ("GET", "/services/{service}", None, ALL_200),
    "helpservices.new_service": (
        "GET",
        "/services/new",
        None,
        {**only("peer"), "admin": 200, "municipal": 200},
    ),
    "helpservices.edit_service": (
        "GET",
        "/services/{service}/edit",
        None,
        {**only("peer"), "admin": 200, "municipal": 200},
    ),
    "helpservices.look_after": (
        "GET",
        "/services/look-after",
        None,
        {**only("peer"), "admin": 200, "municipal": 200},
    ),
    # asking first: the page that confirms archiving
    "helpservices.archive": (
        "GET",
        "/services/{service}/archive",
        None,
        {**only("peer"), "admin": 200, "municipal": 200},
    ),
    "helpservices.verify": (
        "POST",
        "/services/{service}/verify",
        {},
        {**only("peer", 303), "admin": 303, "municipal": 303},
    ),
    # reports of a wrong listing: anyone, without an account (an empty report names its reason)
    "api.report_meeting": (
        "POST",
        "/api/v1/meetings/{meeting}/reports",
        {},
        dict.fromkeys(ROLES, 400),
    ),
    "api.report_place": ("POST", "/api/v1/places/{place}/reports", {}, dict.fromkeys(ROLES, 400)),
    "api.report_service": (
        "POST",
        "/api/v1/services/{service}/reports",
        {},
        dict.fromkeys(ROLES, 400),
    ),
    "meetings.report_meeting": ("GET", "/meetings/{meeting}/report", None, ALL_200),
    "places.report_place": ("GET", "/places/{place}/report", None, ALL_200),
    "helpservices.report_service": ("GET", "/services/{service}/report", None, ALL_200),
    "stewardship.settle_report": (
        "POST",
        "/peer/reports/999/settle",
        {},
        {**only("peer", 400), "admin": 400, "municipal": 400},
    ),
    # print and subscribe
    "meetings.print_schedule": ("GET", "/meetings/print", None, ALL_200),
    "api.meetings_calendar": ("GET", "/api/v1/meetings.ics", None, ALL_200),
    "api.list_meetings": ("GET", "/api/v1/meetings", None, ALL_200),
    "api.get_meeting": ("GET", "/api/v1/meetings/{meeting}", None, ALL_200),
    "api.meeting_guide_feed": ("GET", "/api/v1/feeds/meeting-guide.json", None, ALL_200),
    "api.openapi": ("GET", "/api/openapi.json", None, ALL_200),
    "api.list_places": ("GET", "/api/v1/places", None, ALL_200),
    "api.get_place": ("GET", "/api/v1/places/{place}", None, ALL_200),
    "api.create_place": (
        "POST",
        "/api/v1/places",
        {},
        {**only("peer", 400, visitor=401), "admin": 400},
    ),
    # an empty change changes nothing
    "api.update_place": (
        "PATCH",
        "/api/v1/places/{place}",
        {},
        {**only("peer", 200, visitor=401), "admin": 200},
    ),
    "api.verify_place": (
        "POST",
        "/api/v1/places/{place}/verify",
        None,
        {**only("peer", 200, visitor=401), "admin": 200},
    ),
    "api.archive_place": (
        "POST",
        "/api/v1/places/{place}/archive",
        None,
        {**only("peer", 200, visitor=401), "admin": 200},
    ),
    "api.create_meeting": (
        "POST",
        "/api/v1/meetings",
        {},
        {**only("peer", 400, visitor=401), "admin": 400},
    ),
    # an empty change changes nothing
    "api.update_meeting": (
        "PATCH",
        "/api/v1/meetings/{meeting}",
        {},
        {**only("peer", 200, visitor=401), "admin": 200},
    ),
    "api.verify_meeting": (
        "POST",
        "/api/v1/meetings/{meeting}/verify",
        None,
        {**only("peer", 200, visitor=401), "admin": 200},
    ),
    # archiving an archived meeting changes nothing and answers the same
    "api.archive_meeting": (
        "POST",
        "/api/v1/meetings/{meeting}/archive",
        None,
        {**only("peer", 200, visitor=401), "admin": 200},
    ),
    "stewardship.tended": ("GET", "/peer/meetings", None, {**only("peer"), "admin": 200}),
    "stewardship.new_meeting": ("GET", "/meetings/new", None, {**only("peer"), "admin": 200}),
    "stewardship.edit_meeting": (
        "GET",
        "/meetings/{meeting}/edit",
        None,
        {**only("peer"), "admin": 200},
    ),
    "stewardship.verify_meeting": (
        "POST",
        "/meetings/{meeting}/verify",
        {},
        {**only("peer", 303), "admin": 303},
    ),
    # the confirmation; archiving itself is the same endpoint's POST
    "stewardship.archive_meeting": (
        "GET",
        "/meetings/{meeting}/archive",
        None,
        {**only("peer"), "admin": 200},
    ),
    # no choice made: nothing to settle
    "stewardship.settle_conflict": (
        "POST",
        "/meetings/{meeting}/feed-version",
        {},
        {**only("peer", 400), "admin": 400},
    ),
    # the client is no peer: there is nothing to limit
    "admin.set_limits": ("POST", "/admin/users/{client}/limits", {}, only("admin", 400)),
    "api.create_session": ("POST", "/api/v1/session", {}, dict.fromkeys(ROLES, 400)),
    "api.get_session": ("GET", "/api/v1/session", None, signed_in(200, visitor=401)),
    "api.delete_session": ("DELETE", "/api/v1/session", None, signed_in(204, visitor=401)),
    "api.register_account": ("POST", "/api/v1/accounts", {}, {**signed_in(409), "visitor": 400}),
    "api.change_my_password": ("POST", "/api/v1/me/password", {}, signed_in(400, visitor=401)),
    "api.reset_password": ("POST", "/api/v1/password-reset", {}, dict.fromkeys(ROLES, 400)),
    "api.create_come_back_key": (
        "POST",
        "/api/v1/me/come-back-keys",
        {},
        only("client", 201, visitor=401),
    ),
    "api.list_come_back_keys": (
        "GET",
        "/api/v1/me/come-back-keys",
        None,
        only("client", 200, visitor=401),
    ),
    "api.delete_come_back_key": (
        "DELETE",
        "/api/v1/me/come-back-keys/999",
        None,
        only("client", 404, visitor=401),
    ),
    "api.my_access_log": ("GET", "/api/v1/me/access-log", None, signed_in(200, visitor=401)),
    "readmission.home": ("GET", "/readmission", None, only("client", 302)),
    "readmission.tap": ("POST", "/readmission", {}, only("client", 303)),
    "readmission.request_page": ("GET", "/readmission/{request}", None, only("client")),
    "readmission.add_details": ("POST", "/readmission/{request}/details", {}, only("client", 303)),
    "readmission.withdraw": ("POST", "/readmission/{request}/withdraw", {}, only("client", 303)),
    "readmission.request_status": ("GET", "/readmission/{request}/status", None, only("client")),
    "readmission.enrol": ("GET", "/enrol", None, only("client")),
    "clinic.enrol": ("GET", "/clinic/enrol", None, only("clinic")),
    "clinic.request_detail": ("GET", "/clinic/requests/{request}", None, only("clinic")),
    "clinic.request_status": (
        "POST",
        "/clinic/requests/{request}/status",
        {},
        only("clinic", 400),
    ),
    "api.create_readmission_request": (
        "POST",
        "/api/v1/readmission-requests",
        {},
        only("client", 400, visitor=401),
    ),
    "api.list_readmission_requests": (
        "GET",
        "/api/v1/readmission-requests",
        None,
        {**signed_in(200, visitor=401), "peer": 403, "municipal": 403, "relative": 403},
    ),
    "api.get_readmission_request": (
        "GET",
        "/api/v1/readmission-requests/{request}",
        None,
        {**signed_in(200, visitor=401), "peer": 403, "municipal": 403, "relative": 403},
    ),
    "api.add_readmission_event": (
        "POST",
        "/api/v1/readmission-requests/{request}/events",
        {},
        {**only("client", 400, visitor=401), "clinic": 400},
    ),
    "api.create_enrolment": ("POST", "/api/v1/enrolments", {}, only("clinic", 201, visitor=401)),
    "api.redeem_enrolment": ("POST", "/api/v1/me/enrolment", {}, only("client", 400, visitor=401)),
    "checkin.checkin_page": ("GET", "/checkin", None, ALL_200),
    # the hub asks for consent first: till then the other pages lead there
    "checkin.plan_page": ("GET", "/checkin/plan", None, {**only("client", 302), "peer": 302}),
    "checkin.plan_meetings": ("POST", "/checkin/plan", {}, {**only("client", 302), "peer": 302}),
    "checkin.evening_page": ("GET", "/checkin/evening", None, {**only("client", 302), "peer": 302}),
    "checkin.progress_page": (
        "GET",
        "/checkin/progress",
        None,
        {**only("client", 302), "peer": 302},
    ),
    "checkin.settings_page": (
        "GET",
        "/checkin/settings",
        None,
        {**only("client", 302), "peer": 302},
    ),
    "checkin.consent": ("POST", "/checkin/consent", {}, {**only("client", 303), "peer": 303}),
    # no consent yet: nothing is kept
    "checkin.reminders": ("POST", "/checkin/reminders", {}, {**only("client", 303), "peer": 303}),
    "checkin.sober_start": (
        "POST",
        "/checkin/sober/start",
        {},
        {**only("client", 303), "peer": 303},
    ),
    "checkin.sober_pause": (
        "POST",
        "/checkin/sober/pause",
        {},
        {**only("client", 303), "peer": 303},
    ),
    "checkin.share": ("POST", "/checkin/share", {}, only("client", 303)),
    "checkin.save": ("POST", "/checkin", {}, {**only("client", 409), "peer": 409}),
    "api.give_consent": (
        "POST",
        "/api/v1/me/consent",
        {},
        {**only("client", 400, visitor=401), "peer": 400},
    ),
    "api.withdraw_consent": (
        "DELETE",
        "/api/v1/me/consent",
        {},
        {**only("client", 400, visitor=401), "peer": 400},
    ),
    "api.save_checkin": (
        "POST",
        "/api/v1/checkins",
        {},
        {**only("client", 400, visitor=401), "peer": 400},
    ),
    "api.list_checkins": (
        "GET",
        "/api/v1/checkins",
        None,
        {**only("client", 200, visitor=401), "peer": 200},
    ),
    "auth.my_data": ("GET", "/account/data", None, signed_in(200)),
    "auth.my_data_download": ("GET", "/account/data.json", None, signed_in(200)),
    "auth.delete_account": (
        "GET",
        "/account/delete",
        None,
        {**only("client"), "peer": 200, "relative": 200},
    ),
    "api.export_my_data": ("GET", "/api/v1/me/export", None, signed_in(200, visitor=401)),
    "api.delete_me": (
        "DELETE",
        "/api/v1/me",
        None,
        {**only("client", 204, visitor=401), "peer": 204, "relative": 204},
    ),
    "peers.peer_list": ("GET", "/peers", None, ALL_200),
    "peers.profile": ("GET", "/peers/{profile}", None, ALL_200),
    # a relative may ask a peer too; the world's contact request is the client's, not theirs
    "peers.ask": ("POST", "/peers/{profile}/contact", {}, {**only("client", 400), "relative": 400}),
    "peers.conversation": (
        "GET",
        "/contact-requests/{contact}",
        None,
        {**only("client"), "peer": 200, "relative": 404},
    ),
    "peers.act": (
        "POST",
        "/contact-requests/{contact}/reply",
        {},
        {**only("client", 303), "peer": 303, "relative": 404},
    ),
    "relatives.page": ("GET", "/relatives", None, ALL_200),
    "peers.dashboard": ("GET", "/peer", None, only("peer")),
    "events.finder": ("GET", "/events", None, ALL_200),
    "events.search_calendar": ("GET", "/events.ics", None, ALL_200),
    "events.event_page": ("GET", "/events/999", None, dict.fromkeys(ROLES, 404)),
    "events.event_calendar": ("GET", "/events/999.ics", None, dict.fromkeys(ROLES, 404)),
    "events.new_event": (
        "GET",
        "/events/new",
        None,
        {**only("peer"), "admin": 200, "municipal": 200},
    ),
    "events.look_after": (
        "GET",
        "/events/look-after",
        None,
        {**only("peer"), "admin": 200, "municipal": 200},
    ),
    "events.edit_event": (
        "GET",
        "/events/999/edit",
        None,
        {**only("peer", 404), "admin": 404, "municipal": 404},
    ),
    "events.archive": (
        "GET",
        "/events/999/archive",
        None,
        {**only("peer", 404), "admin": 404, "municipal": 404},
    ),
    "events.verify": (
        "POST",
        "/events/999/verify",
        {},
        {**only("peer", 404), "admin": 404, "municipal": 404},
    ),
    "api.list_events": ("GET", "/api/v1/events", None, ALL_200),
    "api.get_event": ("GET", "/api/v1/events/999", None, dict.fromkeys(ROLES, 404)),
    "api.create_event": (
        "POST",
        "/api/v1/events",
        {},
        {**only("peer", 400, visitor=401), "admin": 400, "municipal": 400},
    ),
    "api.update_event": (
        "PATCH",
        "/api/v1/events/999",
        {},
        {**only("peer", 404, visitor=401), "admin": 404, "municipal": 404},
    ),
    "companion.ask_meeting": ("GET", "/meetings/{meeting}/company", None, only("client")),
    "companion.ask_place": ("GET", "/places/{place}/company", None, only("client")),
    "companion.ask_event": ("GET", "/events/999/company", None, only("client", 404)),
    "companion.listing": ("GET", "/company", None, {**only("client"), "peer": 200}),
    "companion.one": ("GET", "/company/999", None, {**only("client", 404), "peer": 404}),
    "companion.act": ("POST", "/company/999/accept", {}, {**only("client", 404), "peer": 404}),
    "companion.offer": ("POST", "/company/offer", {}, only("peer", 303)),
    "api.create_companion_request": (
        "POST",
        "/api/v1/companion-requests",
        {},
        only("client", 400, visitor=401),
    ),
    "api.list_companion_requests": (
        "GET",
        "/api/v1/companion-requests",
        None,
        {**only("client", visitor=401), "peer": 200},
    ),
    "api.get_companion_request": (
        "GET",
        "/api/v1/companion-requests/999",
        None,
        {**only("client", 404, visitor=401), "peer": 404},
    ),
    "api.accept_companion_request": (
        "POST",
        "/api/v1/companion-requests/999/accept",
        None,
        only("peer", 404, visitor=401),
    ),
    "api.cancel_companion_request": (
        "POST",
        "/api/v1/companion-requests/999/cancel",
        {},
        {**only("client", 404, visitor=401), "peer": 404},
    ),
    "api.tell_companion_outcome": (
        "POST",
        "/api/v1/companion-requests/999/outcome",
        {},
        only("client", 404, visitor=401),
    ),
    "api.list_peers": ("GET", "/api/v1/peers", None, ALL_200),
    "api.create_contact_request": (
        "POST",
        "/api/v1/contact-requests",
        {},
        {**only("client", 400, visitor=401), "relative": 400},
    ),
    "municipality.home": ("GET", "/municipality", None, only("municipal")),
    "municipality.handover_page": (
        "GET",
        "/municipality/handovers/{handover}",
        None,
        only("municipal"),
    ),
    # nothing filled in: nothing confirmed
    "municipality.confirm": (
        "POST",
        "/municipality/handovers/{handover}",
        {},
        only("municipal", 400),
    ),
    "municipality.sharing": ("GET", "/plan/sharing", None, only("client")),
    "municipality.give_consent": (
        "POST",
        "/plan/sharing/{handover}/consent",
        {},
        only("client", 303),
    ),
    "municipality.withdraw_consent": (
        "POST",
        "/plan/sharing/{handover}/withdraw",
        {},
        only("client", 303),
    ),
    "clinic.client_discharge": ("GET", "/clinic/clients/{client}/discharge", None, only("clinic")),
    # no date, no municipality: nothing saved
    "clinic.record_discharge": (
        "POST",
        "/clinic/clients/{client}/discharge",
        {},
        only("clinic", 400),
    ),
    # no such request: as if it never existed
    "clinic.accept_enrolment_request": (
        "POST",
        "/clinic/enrolment-requests/999/accept",
        {},
        only("clinic", 404),
    ),
    # no reason given: back to the queue with the message
    "clinic.decline_enrolment_request": (
        "POST",
        "/clinic/enrolment-requests/999/decline",
        {},
        only("clinic", 303),
    ),
    "readmission.ask_clinic": ("POST", "/readmission/enrolment-request", {}, only("client", 303)),
    "api.list_handovers": ("GET", "/api/v1/handovers", None, only("municipal", 200, visitor=401)),
    "api.confirm_handover": (
        "POST",
        "/api/v1/handovers/{handover}/confirm",
        {},
        only("municipal", 400, visitor=401),
    ),
    "api.create_enrolment_request": (
        "POST",
        "/api/v1/enrolment-requests",
        {},
        only("client", 400, visitor=401),
    ),
    "api.list_enrolment_requests": (
        "GET",
        "/api/v1/enrolment-requests",
        None,
        only("client", 200, visitor=401),
    ),
    # the test app has no VAPID keys, so the key is unavailable to everyone alike
    "api.push_public_key": ("GET", "/api/v1/push/public-key", None, dict.fromkeys(ROLES, 503)),
    "api.create_push_subscription": (
        "POST",
        "/api/v1/push-subscriptions",
        {},
        signed_in(400, visitor=401),
    ),
    "api.delete_push_subscription": (
        "DELETE",
        "/api/v1/push-subscriptions",
        {},
        signed_in(400, visitor=401),
    ),
    # a client's plan: the client's own pages, and the clinic's hand-over of its own clients
    "plan.show": ("GET", "/plan", None, only("client")),
    "plan.print_page": ("GET", "/plan/print", None, only("client")),
    "plan.step": ("GET", "/plan/crisis/coping", None, only("client")),
    # nothing written: nothing to add
    "plan.step_add": ("POST", "/plan/crisis/coping", {}, only("client", 400)),
    "plan.step_remove": ("POST", "/plan/crisis/coping/0/remove", {}, only("client", 404)),
    "plan.appointments": ("GET", "/plan/appointments", None, only("client")),
    "plan.appointment_remove": ("POST", "/plan/appointments/999/remove", {}, only("client", 404)),
    "plan.appointment_calendar": ("GET", "/plan/appointments/999.ics", None, only("client", 404)),
    "plan.people": ("GET", "/plan/people", None, only("client")),
    "plan.people_remove": ("POST", "/plan/people/999/remove", {}, only("client", 404)),
    "plan.near_home_save": ("POST", "/plan/near-home/place/{place}", {}, only("client", 303)),
    "clinic.handover_show": ("GET", "/clinic/clients/{client}/handover", None, only("clinic")),
    "clinic.handover_step": (
        "GET",
        "/clinic/clients/{client}/handover/crisis/coping",
        None,
        only("clinic"),
    ),
    "clinic.handover_step_add": (
        "POST",
        "/clinic/clients/{client}/handover/crisis/coping",
        {},
        only("clinic", 400),
    ),
    "clinic.handover_step_remove": (
        "POST",
        "/clinic/clients/{client}/handover/crisis/coping/0/remove",
        {},
        only("clinic", 404),
    ),
    "clinic.handover_appointments": (
        "GET",
        "/clinic/clients/{client}/handover/appointments",
        None,
        only("clinic"),
    ),
    "clinic.handover_appointment_remove": (
        "POST",
        "/clinic/clients/{client}/handover/appointments/999/remove",
        {},
        only("clinic", 404),
    ),
    "clinic.handover_people": (
        "GET",
        "/clinic/clients/{client}/handover/people",
        None,
        only("clinic"),
    ),
    "clinic.handover_people_remove": (
        "POST",
        "/clinic/clients/{client}/handover/people/999/remove",
        {},
        only("clinic", 404),
    ),
    "api.get_plan": ("GET", "/api/v1/me/plan", None, only("client", 200, visitor=401)),
    # no Idempotency-Key
    "api.update_plan": ("PUT", "/api/v1/me/plan", {}, only("client", 400, visitor=401)),
    "api.list_appointments": (
        "GET",
        "/api/v1/me/plan/appointments",
        None,
        only("client", 200, visitor=401),
    ),
    "api.add_appointment": (
        "POST",
        "/api/v1/me/plan/appointments",
        {},
        only("client", 400, visitor=401),
    ),
    "api.remove_appointment": (
        "DELETE",
        "/api/v1/me/plan/appointments/999",
        None,
        only("client", 404, visitor=401),
    ),
    "api.plan_appointment_ics": (
        "GET",
        "/api/v1/me/plan/appointments/999.ics",
        None,
        only("client", 404, visitor=401),
    ),
}


def test_every_route_has_a_decision(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(TABLE) == set(), "routes without a row in the access table"
    assert set(TABLE) - endpoints == set(), "rows for routes that no longer exist"
    undecided = {e for e in endpoints if allowed_roles(app, e) is None}
    assert undecided == set()


def test_only_the_listed_routes_are_open_to_visitors(app):
    public = {e for e in TABLE if allowed_roles(app, e) == EVERYONE}
    assert public == {e for e, row in TABLE.items() if row[3]["visitor"] not in (302, 401)} | {
        "auth.login_code",
        "auth.login_enrol",
    }


@pytest.mark.parametrize("endpoint", sorted(TABLE))
def test_route_answers_each_role_as_the_table_says(app, world, endpoint):
    method, path, body, expected = TABLE[endpoint]
    path = path.format(**world["ids"])
    answers = {}
    for role in ROLES:
        client, token = session_client(app, world["users"][role])
        if path.startswith("/api/"):
            kwargs: dict[str, Any] = {"headers": {"X-CSRFToken": token}}
            if body is not None:
                kwargs["json"] = body
        else:
            kwargs = {"data": {**body, "csrf_token": token}} if body is not None else {}
        response = client.open(path, method=method, **kwargs)
        answers[role] = response.status_code
        response.close()
    assert answers == expected
