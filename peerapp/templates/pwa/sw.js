/* Peerapp service worker: keeps crisis help and the offline page on the phone.
   Crisis help and the offline page are precached and served from the cache when the network
   fails; every other request goes to the network first, and a page that cannot be fetched
   shows the offline page. */
const CACHE = "peerapp-{{ version }}";
const PRECACHE = {{ precache | tojson }};
const HELP = {{ url_for("pwa.help_page") | tojson }};
const OFFLINE = {{ url_for("pwa.offline") | tojson }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("peerapp-") && key !== CACHE)
          .map((key) => caches.delete(key)),
      ))
      .then(() => self.clients.claim()),
  );
});

/* Network first; keep the fresh copy of a page that must work offline. */
async function networkThenCache(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key, { ignoreVary: true, ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

async function pageOrOffline(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const offline = await caches.match(OFFLINE, { ignoreVary: true });
    if (offline) return offline;
    throw error;
  }
}

async function assetOrCache(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cached = await caches.match(request, { ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === HELP || url.pathname === OFFLINE) {
    event.respondWith(networkThenCache(request, url.pathname));
  } else if (request.mode === "navigate") {
    event.respondWith(pageOrOffline(request));
  } else {
    event.respondWith(assetOrCache(request));
  }
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
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: message.body || "",
      tag: message.tag || message.id,
      lang: message.lang || "",
      icon: ICON,
      data: { url: message.url || "/" },
    }),
  );
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
