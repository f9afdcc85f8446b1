// Where a request stands, kept up to date on an open page ([data-live-status]): the server is
// asked every 15 seconds while the page is in view, at once when it comes back into view or a
// push arrives, and the state is redrawn in place (never a reload) only when it changed. Parts of
// the page that belong to some states only ([data-shown-while="sent received"]) follow it.
// Without JavaScript each load of the page is right. On the home ([data-reload-when-closed])
// the card gives way to the button once the request is closed: the page loads itself again,
// once, since the button needs a fresh key and token from the server.
const region = document.querySelector("[data-live-status]");
const reloadWhenClosed = Boolean(region && region.closest("[data-reload-when-closed]"));
const EVERY = 15 * 1000;
let busy = false;

// Load the page again for this closed state, unless this tab already did (never a loop)
function reloadOnce(version) {
  const mark = `peerapp-closed-${version}`;
  try {
    if (sessionStorage.getItem(mark)) return false;
    sessionStorage.setItem(mark, "1");
  } catch (error) {
    return false; // no storage: redraw in place rather than risk reloading again and again
  }
  window.location.reload();
  return true;
}

function follow(status) {
  for (const part of document.querySelectorAll("[data-shown-while]")) {
    part.hidden = !part.dataset.shownWhile.split(" ").includes(status);
  }
}

async function check() {
  if (busy || document.hidden) return;
  busy = true;
  try {
    const answer = await fetch(region.dataset.url, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    });
    if (!answer.ok) return;
    const state = await answer.json();
    if (state.version === region.dataset.version) return;
    if (!state.is_open && reloadWhenClosed && reloadOnce(state.version)) return;
    region.dataset.version = state.version;
    region.className = `status-now status-${state.status}`;
    region.innerHTML = state.html;
    const timeline = document.querySelector("[data-live-timeline]");
    if (timeline && state.timeline) timeline.outerHTML = state.timeline;
    follow(state.status);
  } catch (error) {
    // no signal now: the next round tries again
  } finally {
    busy = false;
  }
}

if (region) {
  setInterval(check, EVERY);
  document.addEventListener("visibilitychange", check);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "push") check();
    });
  }
}
