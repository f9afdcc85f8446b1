// Favourite meetings, kept on this device only (localStorage): no account, nothing sent.
const KEY = "peerapp.favourites";
const MEETING_PATH = /^\/meetings\/\d+$/;

function load() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) || "[]");
    return Array.isArray(list) ? list.filter((item) => item && MEETING_PATH.test(item.url)) : [];
  } catch {
    return null; // storage is off (private mode, blocked): offer nothing
  }
}

// The service worker keeps the pages of saved meetings for use offline (sw.js).
function tellWorker(type, paths) {
  if (!paths.length || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.ready
    .then((registration) => registration.active && registration.active.postMessage({ type, paths }))
    .catch(() => {});
}

function store(list) {
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
    return true;
  } catch {
    return false;
  }
}

// On a meeting page: the "Save on this phone" toggle.
const button = document.getElementById("save-meeting");
if (button && load() !== null) {
  const id = button.dataset.id;
  const status = document.getElementById("save-status");
  const isSaved = () => (load() || []).some((item) => item.id === id);

  document.getElementById("save-hint")?.setAttribute("hidden", "");
  button.setAttribute("aria-pressed", String(isSaved()));
  button.hidden = false;

  button.addEventListener("click", () => {
    const list = load() || [];
    const saved = list.some((item) => item.id === id);
    const next = saved
      ? list.filter((item) => item.id !== id)
      : [...list, {
        id,
        name: button.dataset.name,
        when: button.dataset.when,
        place: button.dataset.place,
        url: button.dataset.url,
      }];
    if (store(next)) {
      button.setAttribute("aria-pressed", String(!saved));
      status.textContent = saved ? button.dataset.removed : button.dataset.saved;
      tellWorker(saved ? "forget" : "keep", [button.dataset.url]);
    }
  });
}

// On the finder: the list of saved meetings.
const section = document.getElementById("saved");
const saved = section ? load() : null;
if (section && saved && saved.length) {
  const list = section.querySelector("ul");
  for (const item of saved) {
    const entry = document.createElement("li");
    const link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.name;
    entry.append(link);
    const details = [item.when, item.place].filter(Boolean).join(" · ");
    if (details) {
      const text = document.createElement("span");
      text.className = "saved-when";
      text.textContent = details;
      entry.append(text);
    }
    list.append(entry);
  }
  // the saved meetings as a calendar to subscribe to: a feed of their ids (nothing else is sent)
  const calendar = document.getElementById("saved-calendar");
  const ids = saved.map((item) => /\/meetings\/(\d+)/.exec(item.url)?.[1]).filter(Boolean);
  if (calendar && ids.length) {
    const feed = new URL(calendar.dataset.feed);
    for (const id of ids) feed.searchParams.append("id", id);
    calendar.href = feed.href.replace(/^https?:/, "webcal:");
  } else if (calendar) {
    calendar.parentElement.hidden = true;
  }
  section.hidden = false;
  tellWorker("keep", saved.map((item) => item.url));
}
