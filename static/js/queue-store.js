// The offline queue, after Workbox's background sync (its Queue): the readmission tap and the
// check-in are kept in IndexedDB with their Idempotency-Key until the server has answered, so
// nothing is lost when the network drops and one tap is one request however often it is sent.
// A network error, a 5xx or a 429 keeps the entry; any other answer ends it, and the entry then
// holds only the answer, for the page to say once. Replayed by the service worker on `sync`
// (sw.js), and by pages on every load and when the phone comes online (queue-status.js). No CSRF
// token is kept: a fresh one comes with the session, and only the person who made an entry sends it.
// A classic script, so that the service worker can load it too (importScripts); it needs
// checkin-body.js.
(() => {
  const STORE = "queue";
  const TAG = "peerapp-queue";
  // where each kind of entry is sent
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
  const knows = (kind) => Object.prototype.hasOwnProperty.call(ENDPOINTS, kind);

  // A new Idempotency-Key: the server makes one request of every entry that carries it.
  function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16)).join("-");
  }

  // The body an entry sends: a check-in's is built from what was entered (checkin-body.js), the
  // tap to come back has none. An entry kept by the previous release (offline-queue.js) carries
  // only a ready-made `body`.
  function bodyOf(entry) {
    if (entry.kind === "checkin" && entry.entered) {
      return JSON.stringify(self.peerappCheckin.body(entry.entered));
    }
    return entry.body ?? null;
  }

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
          body: bodyOf(entry),
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

  // Send what waits, one replay at a time across the pages and the service worker.
  function replay() {
    const locks = self.navigator && self.navigator.locks;
    return locks ? locks.request(TAG, sendAll) : sendAll();
  }

  self.peerappQueue = { TAG, all, put, remove, clear, knows, newKey, replay };
})();
