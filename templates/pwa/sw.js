/* Peerapp service worker: the app works with no signal.

   - The app shell (CSS, JS, icons) is kept per version: a changed static file makes a new worker
     with new caches, so kept pages never mix old HTML with new files. The previous version's
     shell stays one more version, so a page opened before an update keeps its own files.
   - Public pages are kept with the time they were fetched: the finder, crisis help, the offline
     page, the last search and the saved meetings. They are always fetched without cookies, so a
     kept copy holds nothing about the person; signed-in pages are never kept at all.
   - Pages go to the network first; a kept copy (saying when it was saved) or the offline page
     answers only when the network fails.
   - The one personal page kept: a signed-in client's plan (/plan, crisis plan first), in a cache
     of its own, fetched with the session while signed in and deleted when the server no longer
     gives it (signed out) and at logout (logout.js, and the server's Clear-Site-Data).
   - The offline queue (queue-store.js) is replayed on the `sync` event and when a page asks; a
     check-in in it is sent with the body checkin-body.js builds, as on the page. */
importScripts({{ asset("js/checkin-body.js") | tojson }}, {{ asset("js/queue-store.js") | tojson }});

const VERSION = {{ version | tojson }};
const SHELL = `peerapp-shell-${VERSION}`;
const PAGES = `peerapp-pages-${VERSION}`;
const ASSETS = {{ assets | tojson }};
const START_PAGES = {{ pages | tojson }};
const OFFLINE = {{ url_for("pwa.offline") | tojson }};
const LANG = new URL(self.location.href).searchParams.get("lang") || "";
const SAVED_AT = "X-Peerapp-Saved-At";
const MEETING = /^\/meetings\/\d+$/;
/* a signed-in person's visit refreshes the cookie-free copy at most this often */
const FRESH_FOR = 10 * 60 * 1000;
/* the client's own plan, kept only while signed in (see keepPlan) */
const PLAN = {{ url_for("plan.show") | tojson }};
const PLAN_CACHE = "peerapp-plan";

/* A page's key in the cache: its path and query, without the language switch. */
function keyOf(url) {
  const address = new URL(url, self.location.origin);
  address.searchParams.delete("lang");
  return address.pathname + address.search;
}

/* Public pages that may be kept: the start pages, a search of the finder, a (saved) meeting. */
function mayKeep(key) {
  const path = new URL(key, self.location.origin).pathname;
  return START_PAGES.includes(key) || path === "/" || MEETING.test(path);
}

/* The page as someone not signed in sees it, in the phone's language: nothing personal. */
function anonymous(key) {
  const address = new URL(key, self.location.origin);
  if (LANG) address.searchParams.set("lang", LANG);
  return fetch(address, { credentials: "omit", cache: "no-store" });
}

function cacheable(response) {
  const rule = response.headers.get("Cache-Control") || "";
  return response.ok && !response.redirected && !/no-store|private/.test(rule);
}

async function store(cache, key, response) {
  const headers = new Headers(response.headers);
  headers.set(SAVED_AT, new Date().toISOString());
  const body = await response.blob();
  await cache.put(key, new Response(body, { status: response.status, headers }));
  const path = new URL(key, self.location.origin).pathname;
  if (path === "/" && key !== "/") {  // only the last search is kept
    for (const request of await cache.keys()) {
      const other = keyOf(request.url);
      if (other !== key && other.startsWith("/?")) await cache.delete(request);
    }
  }
}

async function keepAnonymous(key) {
  const response = await anonymous(key);
  if (!cacheable(response)) throw new Error(`not kept: ${key}`);
  await store(await caches.open(PAGES), key, response);
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    await (await caches.open(SHELL)).addAll(ASSETS);
    await Promise.all(START_PAGES.map(keepAnonymous));
    // pages kept by an earlier version (or in another language) are fetched anew for this one;
    // where that fails, the old copy stays, with the old shell it needs
    const pages = await caches.open(PAGES);
    for (const name of await caches.keys()) {
      if (!name.startsWith("peerapp-pages-")) continue;
      const earlier = await caches.open(name);
      for (const request of await earlier.keys()) {
        const key = keyOf(request.url);
        if (START_PAGES.includes(key) || !mayKeep(key)) continue;
        try {
          await keepAnonymous(key);
        } catch (error) {
          const old = await earlier.match(request);
          if (old && name !== PAGES) await pages.put(key, old);
        }
      }
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys(); // in the order they were made
    const previous = names.filter((name) => name.startsWith("peerapp-shell-") && name !== SHELL).pop();
    await Promise.all(
      names.filter((name) => name.startsWith("peerapp-") && ![SHELL, PAGES, PLAN_CACHE, previous].includes(name))
        .map((name) => caches.delete(name)),
    );
    await self.clients.claim();
  })());
});

/* Static files are versioned by their address: the kept copy is the right one. */
async function shellFile(request) {
  const kept = await caches.match(request, { ignoreVary: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && new URL(request.url).searchParams.get("v") === VERSION) {
    await (await caches.open(SHELL)).put(request, response.clone());
  }
  return response;
}

/* Refresh the kept copy of a public page after it was fetched. Meetings are kept only once
   saved; a signed-in person's page is personal, so a cookie-free copy is fetched instead. */
async function refresh(key, response) {
  const pages = await caches.open(PAGES);
  const old = await pages.match(key, { ignoreVary: true });
  if (MEETING.test(key) && !old) return;
  if (cacheable(response)) {
    await store(pages, key, response);
  } else if (response.ok && !(old && Date.now() - Date.parse(old.headers.get(SAVED_AT)) < FRESH_FOR)) {
    await keepAnonymous(key);
  }
}

/* The kept copy, marked with the time it was saved (the page shows "saved <time>"). */
async function keptCopy(key) {
  const copy = await (await caches.open(PAGES)).match(key, { ignoreVary: true });
  if (!copy || key === OFFLINE) return copy;
  const savedAt = (copy.headers.get(SAVED_AT) || "").replace(/[^0-9A-Za-z:.-]/g, "");
  const html = (await copy.text()).replace('data-saved-at=""', `data-saved-at="${savedAt}"`);
  return new Response(html, { status: copy.status, headers: copy.headers });
}

/* Keep the plan as the signed-in client sees it; an answer that is not the plan (a redirect to
   log in) means no one is signed in here any more, so the copy goes. */
async function keepPlanFrom(response) {
  if (response.ok && !response.redirected && new URL(response.url).pathname === PLAN) {
    await store(await caches.open(PLAN_CACHE), PLAN, response);
  } else {
    await caches.delete(PLAN_CACHE);
  }
}

async function keepPlan(force) {
  const kept = await (await caches.open(PLAN_CACHE)).match(PLAN);
  if (!force && kept && Date.now() - Date.parse(kept.headers.get(SAVED_AT)) < FRESH_FOR) return;
  await keepPlanFrom(await fetch(PLAN, { credentials: "same-origin", cache: "no-store" }));
}

async function keptPlan() {
  const copy = await (await caches.open(PLAN_CACHE)).match(PLAN);
  if (!copy) return copy;
  const savedAt = (copy.headers.get(SAVED_AT) || "").replace(/[^0-9A-Za-z:.-]/g, "");
  const html = (await copy.text()).replace('data-saved-at=""', `data-saved-at="${savedAt}"`);
  return new Response(html, { status: copy.status, headers: copy.headers });
}

async function page(event) {
  const key = keyOf(event.request.url);
  const public_ = mayKeep(key);
  const plan = new URL(key, self.location.origin).pathname === PLAN;
  try {
    const response = await fetch(event.request);
    if (public_) event.waitUntil(refresh(key, response.clone()).catch(() => {}));
    if (plan) event.waitUntil(keepPlanFrom(response.clone()).catch(() => {}));
    return response;
  } catch (error) {
    const copy = (plan && await keptPlan()) || (public_ && await keptCopy(key)) || await keptCopy(OFFLINE);
    if (copy) return copy;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(shellFile(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(event));
  }
  // everything else (the API, calendar files, the manifest) goes to the network, never kept
});

/* The offline queue: replay it, then let open pages show what happened. */
async function replay(rejectWhileWaiting) {
  const outcome = await self.peerappQueue.replay();
  for (const client of await self.clients.matchAll({ type: "window" })) {
    client.postMessage({ type: "queue" });
  }
  if (rejectWhileWaiting && outcome.waiting) throw new Error("waiting to send"); // try again later
}

self.addEventListener("sync", (event) => {
  if (event.tag === self.peerappQueue.TAG) event.waitUntil(replay(true));
});

/* Pages say which meetings are saved on the phone, and ask for the queue to be sent. */
self.addEventListener("message", (event) => {
  const message = event.data || {};
  const paths = (message.paths || []).filter((path) => MEETING.test(path));
  let work = null;
  if (message.type === "keep") {
    work = Promise.all(paths.map(async (path) => {
      if (!(await (await caches.open(PAGES)).match(path, { ignoreVary: true }))) await keepAnonymous(path);
    }));
  } else if (message.type === "forget") {
    work = caches.open(PAGES).then((pages) => Promise.all(paths.map((path) => pages.delete(path))));
  } else if (message.type === "keep-plan") {
    work = keepPlan(!!message.force);
  } else if (message.type === "replay") {
    work = replay(false);
  }
  if (work) event.waitUntil(work.catch(() => {}));
});

/* Web Push. The server sends {id, title, body, url, tag, lang}; the tag is the message's own id,
   so a message the outbox delivers twice replaces itself instead of showing twice. */
const ICON = {{ url_for("static", filename="icons/icon-192.png") | tojson }};

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {};
  }
  if (!message.title) return;
  // an open page that keeps itself up to date (live-status.js) looks again at once
  const tellPages = self.clients.matchAll({ type: "window" }).then((windows) => {
    for (const client of windows) client.postMessage({ type: "push", url: message.url || "/" });
  });
  const shown = self.registration.showNotification(message.title, {
    body: message.body || "",
    tag: message.tag || message.id,
    lang: message.lang || "",
    icon: ICON,
    data: { url: message.url || "/" },
  });
  event.waitUntil(Promise.all([tellPages, shown]));
});

/* Open the page the notification is about, reusing a tab that already shows it. */
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data || {}).url || "/", self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const open = windows.find((client) => new URL(client.url).pathname === target.pathname);
    if (open) return open.focus();
    return self.clients.openWindow(target.href);
  })());
});
