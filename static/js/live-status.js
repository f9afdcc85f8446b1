// Where a request stands, kept up to date on an open page ([data-live-status]): the server is
// asked every 15 seconds while the page is in view, at once when it comes back into view or a
// push arrives, and the state is redrawn in place (never a reload) only when it changed. Parts of
// the page that belong to some states only ([data-shown-while="sent received"]) follow it.
// Without JavaScript each load of the page is right.
const region = document.querySelector("[data-live-status]");
const EVERY = 15 * 1000;
let busy = false;

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
