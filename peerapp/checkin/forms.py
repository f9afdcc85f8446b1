"""The check-in pages' fields: the anchors offered, a saved plan split for the form, the body the
API takes built from the form, and the search for today's meetings inside the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from peerapp.finder import FinderForm, read_finder_form
from peerapp.services.checkins import anchors as checkins_anchors

#: the anchors offered for a day, by the name the form uses
ANCHORS = {
    "wake": _l("Get up"),
    "breakfast": _l("Breakfast"),
    "lunch": _l("Lunch"),
    "dinner": _l("Dinner"),
    "activity": _l("Work, school or an activity"),
    "meeting": _l("A meeting"),
    "exercise": _l("Exercise or a walk"),
    "call": _l("Call someone"),
    "bedtime": _l("Bedtime"),
}
#: rows for anchors of one's own on the page (one more than there are, up to this many)
MAX_OWN_ANCHORS = 4
#: the fields that say where to look for today's meetings
PLACE_FIELDS = ("where", "lat", "lng")


def anchor_keys() -> dict[str, str]:
    """Each offered anchor's label in every language, to its key: a plan saved in one language
    still ticks the right boxes in another."""
    keys = {}
    for code in ("nb", "nn", "en"):
        with force_locale(code):
            keys.update({str(label): key for key, label in ANCHORS.items()})
    return keys


def split_plan(
    plan: list[dict[str, Any]],
) -> tuple[dict[str, str | None], list[dict[str, Any]], list[dict[str, Any]]]:
    """A saved plan as the offered anchors ticked (key to time), the person's own ones, and the
    meetings chosen by name."""
    keys = anchor_keys()
    offered: dict[str, str | None] = {}
    own = []
    meetings = []
    for item in plan:
        key = keys.get(item.get("label", ""))
        if item.get("meeting_id"):
            meetings.append(item)
        elif key is not None:
            offered[key] = item.get("time")
        else:
            own.append(item)
    return offered, own, meetings


@dataclass
class MeetingSearch:
    """The place typed (or the position sent) to find today's meetings, and what it found."""

    form: FinderForm
    found: list[checkins_anchors.MeetingChoice] = field(default_factory=list)


def meeting_search(
    fields: MultiDict[str, str], day: date, planned: list[dict[str, Any]], asked: bool = False
) -> MeetingSearch | None:
    """Today's meetings near the place in ``fields`` (a town or postal code in ``where``, or the
    phone's ``lat``/``lng``), leaving out those already planned; ``None`` when no place was
    given, unless ``asked`` (then it says to type one). The place answers this one request and
    is kept nowhere."""
    if not asked and not any(fields.get(name, "").strip() for name in PLACE_FIELDS):
        return None
    form = read_finder_form(
        MultiDict({name: fields.get(name, "") for name in PLACE_FIELDS} | {"day": "today"})
    )
    if form.query is None or not form.query.near:
        if not form.errors:
            form.errors["where"] = _("Type a town or a postal code.")
        return MeetingSearch(form)
    leave_out = [item["meeting_id"] for item in planned if item.get("meeting_id")]
    return MeetingSearch(form, checkins_anchors.meetings_near(form.query, day, leave_out))


def body_from_form(form: Any, day: str) -> dict[str, Any]:
    """The JSON body the API takes, from the page's fields (the same fields on the plan and on
    the evening check: each carries the other's as hidden fields)."""

    def number(name: str) -> Any:
        raw = (form.get(name) or "").strip().replace(",", ".")
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            return raw  # refused with a clear message by the service
        return int(value) if value.is_integer() and name != "sleep_hours" else value

    plan: list[dict[str, Any]] = []
    for name, label in ANCHORS.items():
        if form.get(f"plan-{name}"):
            plan.append({"label": str(label), "time": form.get(f"time-{name}") or None})
        if name == "meeting":
            # a meeting chosen by name brings its own name and time
            for raw in dict.fromkeys(form.getlist("meeting")):
                chosen = raw.strip()
                whole = chosen.isascii() and chosen.isdigit() and len(chosen) <= 10
                plan.append({"meeting_id": int(chosen) if whole else chosen})
    for index in range(MAX_OWN_ANCHORS):
        own = (form.get(f"own-label-{index}") or "").strip()
        if own:
            plan.append({"label": own, "time": form.get(f"own-time-{index}") or None})
    return {
        "date": day,
        "mood": number("mood"),
        "craving": number("craving"),
        "sleep_hours": number("sleep_hours"),
        "plan": plan,
        "done": form.getlist("done"),
        "note": form.get("note") or None,
    }
