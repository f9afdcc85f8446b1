// The check-in as the API takes it (POST /api/v1/checkins), from what was entered on the check-in
// page, read as checkin/routes.py reads the same form without JavaScript. The one definition for
// both places that send a check-in: the page keeps what was entered in the offline queue, and
// whoever sends the entry, the page or the service worker, builds the body here.
// A classic script, so that the service worker can load it too (importScripts).
(() => {
  // What was entered, as plain data that IndexedDB can keep: the form's fields in the page's
  // order, and the label of each anchor. Not the CSRF token: a fresh one comes with the session.
  function checkinEntered(form) {
    const fields = [];
    for (const [name, value] of new FormData(form)) {
      if (name !== "csrf_token" && typeof value === "string") fields.push([name, value]);
    }
    const anchors = {};
    for (const box of form.querySelectorAll("input[data-anchor]")) anchors[box.name] = box.dataset.anchor;
    return { fields, anchors };
  }

  // The body to send, from what checkinEntered kept.
  function checkinBody({ fields, anchors }) {
    const found = (name) => fields.find(([key]) => key === name);
    const first = (name) => (found(name) ? found(name)[1] : null);
    const text = (name) => String(first(name) || "").trim();
    const number = (name) => {
      const raw = text(name).replace(",", ".");
      return raw === "" ? null : (Number.isFinite(Number(raw)) ? Number(raw) : raw);
    };
    const plan = [];
    const meetings = new Set();
    // in the page's order: an anchor, and after "a meeting" the meetings chosen by name
    for (const [name, value] of fields) {
      if (name === "meeting") {
        const id = value.trim();
        if (!meetings.has(id)) plan.push({ meeting_id: /^[0-9]{1,10}$/.test(id) ? Number(id) : id });
        meetings.add(id);
      } else if (Object.prototype.hasOwnProperty.call(anchors, name)) { // a ticked plan-<anchor>
        plan.push({ label: anchors[name], time: text(`time-${name.slice(5)}`) || null });
      }
    }
    for (let n = 0; found(`own-label-${n}`); n += 1) {
      if (text(`own-label-${n}`)) {
        plan.push({ label: text(`own-label-${n}`), time: text(`own-time-${n}`) || null });
      }
    }
    return {
      date: first("date"),
      mood: number("mood"),
      craving: number("craving"),
      sleep_hours: number("sleep_hours"),
      plan,
      done: fields.filter(([key]) => key === "done").map(([, value]) => value),
      note: first("note") || null,
    };
  }

  self.peerappCheckin = { entered: checkinEntered, body: checkinBody };
})();
