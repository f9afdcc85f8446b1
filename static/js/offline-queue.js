// The offline queue, after Workbox's background sync: the readmission tap and the check-in are
// kept in IndexedDB with their Idempotency-Key until the server has answered, so nothing is lost
// when the network drops and one tap is one request however often it is sent. A network error or
// a 5xx keeps the entry; any other answer ends it, and the page says how it went. Replayed on the
// `sync` event (sw.js), on every page load and when the phone comes online. No CSRF token is
// kept: a fresh one comes with the session, and only the person who made an entry sends it.
// A classic script, so that the service worker can load it too (importScripts).
(() => {
  const STORE = "queue";
  const TAG = "peerapp-queue";
  const ENDPOINTS = { readmission: "/api/v1/readmission-requests", checkin: "/api/v1/checkins" };

  function open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open("peerapp", 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function run(mode, work) {
    const db = await open();
    try {
      return await new Promise((resolve, reject) => {
        const transaction = db.transaction(STORE, mode);
        const request = work(transaction.objectStore(STORE));
        transaction.oncomplete = () => resolve(request.result);
        transaction.onerror = () => reject(transaction.error);
        transaction.onabort = () => reject(transaction.error);
      });
    } finally {
      db.close();
    }
  }

  const all = () => run("readonly", (store) => store.getAll());
  const put = (entry) => run("readwrite", (store) => store.put(entry));
  const remove = (key) => run("readwrite", (store) => store.delete(key));
  const clear = () => run("readwrite", (store) => store.clear());

  // The server's reason for a refusal, in the person's language: the problem's title and fields.
  function reasonOf(problem) {
    return [problem.title, ...Object.values(problem.errors || {})].filter(Boolean).join(" ");
  }

  async function sendAll() {
    const waiting = (await all()).filter((entry) => entry.state === "waiting")
      .sort((a, b) => a.created - b.created);
    if (!waiting.length) return { waiting: 0 };
    let session;
    try {
      session = await fetch("/api/v1/session", { credentials: "same-origin", cache: "no-store" });
    } catch (error) {
      return { waiting: waiting.length };
    }
    if (!session.ok) return { waiting: waiting.length }; // signed out: kept for that person
    const { user, csrf_token: csrf } = await session.json();
    let left = 0;
    for (const entry of waiting) {
      if (entry.user !== user.id) {
        left += 1;
        continue;
      }
      let response;
      try {
        response = await fetch(ENDPOINTS[entry.kind], {
          method: "POST",
          credentials: "same-origin",
          headers: {
            "Content-Type": "application/json",
            "Idempotency-Key": entry.key,
            "X-CSRFToken": csrf,
          },
          body: entry.body,
        });
      } catch (error) {
        left += 1;
        continue;
      }
      if (response.status >= 500 || response.status === 429) {
        left += 1;
        continue;
      }
      const answer = await response.json().catch(() => ({}));
      // the answer replaces the entry: what was sent (the note, too) is no longer kept
      await put({
        key: entry.key,
        kind: entry.kind,
        user: entry.user,
        created: entry.created,
        state: response.ok ? "sent" : "refused",
        id: response.ok ? answer.id : undefined,
        reason: response.ok ? "" : reasonOf(answer),
      });
    }
    return { waiting: left };
  }

  // One replay at a time across the pages and the service worker.
  function replay() {
    const locks = self.navigator && self.navigator.locks;
    return locks ? locks.request(TAG, sendAll) : sendAll();
  }

  self.peerappQueue = { TAG, all, put, remove, clear, replay };
  if (typeof document === "undefined" || !("indexedDB" in self)) return;

  // --- On a page: the forms that use the queue, and what the queue says -----------------------
  const status = document.getElementById("queue-status");
  const tapped = new Map(); // key -> form, for what was sent from this page
  const said = []; // what was sent or refused: said once, and it stays on this page
  const saidKeys = new Set();
  let pending = null;

  function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16)).join("-");
  }

  function line(text, link) {
    const paragraph = document.createElement("p");
    paragraph.textContent = text;
    if (link) {
      const anchor = document.createElement("a");
      anchor.href = link.href;
      anchor.textContent = link.text;
      paragraph.append(" ", anchor);
    }
    return paragraph;
  }

  async function show() {
    const entries = await all();
    const lines = [];
    for (const entry of entries) {
      const say = (state) => status.dataset[`${state}${entry.kind === "checkin" ? "Checkin" : "Readmission"}`];
      if (entry.state === "sent" && tapped.has(entry.key)) {
        // on, as without JavaScript: to the request's page, or the check-in page saying "saved"
        if (entry.kind === "readmission") await remove(entry.key);
        const target = new URL(
          entry.kind === "readmission" ? `/readmission/${entry.id}` : status.dataset.checkinPage,
          window.location.href,
        );
        if (target.pathname + target.search !== window.location.pathname + window.location.search) {
          window.location.assign(target);
        } else { // the same page again, fresh (a link to its own #part would not load it)
          window.history.replaceState(null, "", target);
          window.location.reload();
        }
        return;
      }
      if (entry.state === "refused" && tapped.has(entry.key)) {
        // refused at once: the form itself, so the page shows its errors by each field
        await remove(entry.key);
        tapped.get(entry.key).submit();
        return;
      }
      if (entry.state === "waiting") {
        lines.push(line(say("waiting")));
      } else {
        const link = entry.kind === "readmission" && entry.state === "sent" && entry.id
          ? { href: `/readmission/${entry.id}`, text: status.dataset.seeRequest } : null;
        if (!saidKeys.has(entry.key)) { // two replays (page and worker) may both find it
          saidKeys.add(entry.key);
          said.push(line(`${say(entry.state)} ${entry.reason || ""}`.trim(), link));
        }
        await remove(entry.key); // said once, then it is over
      }
    }
    for (const call of document.querySelectorAll("[data-queue-call]")) {
      call.hidden = !entries.some((entry) => entry.kind === "readmission" && entry.state === "waiting");
    }
    status.replaceChildren(...said, ...lines);
  }

  async function replayAndShow() {
    if (!pending) {
      pending = replay().catch(() => null).then(show).catch(() => {});
      pending.finally(() => { pending = null; });
    }
    return pending;
  }

  function askForSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready
      .then((registration) => registration.sync && registration.sync.register(TAG))
      .catch(() => {}); // no Background Sync: the next page load or `online` sends it
  }

  // The check-in as the API takes it, from the page's fields (as checkin/routes.py does).
  function checkinBody(form) {
    const data = new FormData(form);
    const text = (name) => String(data.get(name) || "").trim();
    const number = (name) => {
      const raw = text(name).replace(",", ".");
      return raw === "" ? null : (Number.isFinite(Number(raw)) ? Number(raw) : raw);
    };
    const plan = [];
    const meetings = new Set();
    // in the page's order: an anchor, and after "a meeting" the meetings chosen by name
    for (const box of form.querySelectorAll("input[data-anchor]:checked, input[name=meeting]:checked")) {
      if (box.name === "meeting") {
        const id = box.value.trim();
        if (!meetings.has(id)) plan.push({ meeting_id: /^[0-9]{1,10}$/.test(id) ? Number(id) : id });
        meetings.add(id);
      } else {
        plan.push({ label: box.dataset.anchor, time: text(`time-${box.name.slice(5)}`) || null });
      }
    }
    for (let n = 0; data.has(`own-label-${n}`); n += 1) {
      if (text(`own-label-${n}`)) {
        plan.push({ label: text(`own-label-${n}`), time: text(`own-time-${n}`) || null });
      }
    }
    return {
      date: data.get("date"),
      mood: number("mood"),
      craving: number("craving"),
      sleep_hours: number("sleep_hours"),
      plan,
      done: data.getAll("done"),
      note: data.get("note") || null,
    };
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    const kind = form.dataset && form.dataset.queue;
    if (!status || !ENDPOINTS[kind]) return;
    event.preventDefault();
    const key = kind === "readmission" ? form.elements.key.value : newKey();
    if (tapped.has(key)) return; // a second tap is the same request
    const entry = {
      key,
      kind,
      user: Number(form.dataset.user),
      created: Date.now(),
      state: "waiting",
      body: kind === "checkin" ? JSON.stringify(checkinBody(form)) : null,
    };
    try {
      await put(entry);
    } catch (error) {
      form.submit(); // no storage here (private mode): the plain form
      return;
    }
    tapped.set(key, form);
    status.replaceChildren(line(status.dataset.sending));
    await replayAndShow();
    const after = (await all()).find((item) => item.key === key);
    if (after && after.state === "waiting") askForSync();
  });

  // Logging out: stop push to this phone and forget the queue and the kept pages (the server's
  // Clear-Site-Data does the same where the browser has it).
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-logout") || form.dataset.leaving) return;
    event.preventDefault();
    form.dataset.leaving = "1";
    try {
      const registration = await navigator.serviceWorker.getRegistration();
      const subscription = registration && await registration.pushManager.getSubscription();
      if (subscription) {
        form.elements.push_endpoint.value = subscription.endpoint;
        await subscription.unsubscribe();
      }
    } catch (error) {
      // nothing to unsubscribe, or no push here
    }
    await clear().catch(() => {});
    try { localStorage.removeItem(REMEMBER); } catch (error) { /* no storage here */ }
    try { // what was searched for and saved; crisis help and the start page stay
      for (const name of (await caches.keys()).filter((n) => n.startsWith("peerapp-pages-"))) {
        const pages = await caches.open(name);
        for (const request of await pages.keys()) {
          const url = new URL(request.url);
          if (!["/", "/help", "/offline"].includes(url.pathname + url.search)) await pages.delete(request);
        }
      }
    } catch (error) {
      // no Cache Storage here
    }
    form.submit();
  });

  if (status) {
    window.addEventListener("online", replayAndShow);
    navigator.serviceWorker?.addEventListener("message", (event) => {
      if ((event.data || {}).type === "queue") show().catch(() => {});
    });
    replayAndShow();
  }

  // The way back with no signal. A page the server made for a signed-in person (it has the
  // mark data-signed-in) says whether the button is theirs; the phone remembers the clinic.
  const REMEMBER = "peerapp.comeBack";
  const copy = document.getElementById("saved-copy");
  try {
    if ("signedIn" in document.body.dataset && !(copy && copy.dataset.savedAt)) {
      const live = document.querySelector("section.come-back");
      const button = live && live.querySelector("form[data-queue=readmission]");
      if (button) {
        const { clinic, phone } = live.dataset;
        localStorage.setItem(REMEMBER, JSON.stringify({ user: Number(button.dataset.user), clinic, phone }));
      } else {
        localStorage.removeItem(REMEMBER); // not enrolled, or a request is open: nothing to tap
      }
    }
    const template = document.getElementById("come-back-offline");
    const remembered = JSON.parse(localStorage.getItem(REMEMBER) || "null");
    if (template && remembered && copy && copy.dataset.savedAt) {
      const section = template.content.cloneNode(true);
      const form = section.querySelector("form");
      form.dataset.user = String(remembered.user);
      form.elements.key.value = newKey();
      const hint = section.querySelector("#come-back-hint");
      hint.textContent = hint.dataset.text.replace("{clinic}", remembered.clinic);
      if (remembered.phone) {
        const call = section.querySelector("[data-call] a");
        call.href = `tel:${remembered.phone.replace(/\s/g, "")}`;
        call.textContent = call.dataset.text.replace("{clinic}", remembered.clinic).replace("{phone}", remembered.phone);
        section.querySelector("[data-call]").hidden = false;
      }
      template.replaceWith(section);
    }
  } catch (error) {
    // no storage here (private mode): the kept page stays as it is
  }

  // A page the service worker kept, served while offline: say when it was saved.
  if (copy && copy.dataset.savedAt) {
    const moment = new Date(copy.dataset.savedAt);
    if (!Number.isNaN(moment.getTime())) {
      const time = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
        dateStyle: "medium",
        timeStyle: "short",
        timeZone: "Europe/Oslo",
      }).format(moment);
      copy.textContent = copy.dataset.text.replace("{time}", time);
      copy.hidden = false;
    }
  }
})();
