// A signed-in client's crisis plan opens with no signal: each page asks the service worker to
// keep a fresh copy of /plan (at once after a change on a plan page, else now and then). A page
// fetched live for someone not signed in (a session that ended without logging out) tells it
// to forget the copy; a copy the phone kept says nothing about who is signed in.
const link = document.querySelector("a[data-plan-offline]");
const copy = document.getElementById("saved-copy");
const live = !(copy && copy.dataset.savedAt) && navigator.onLine;

function tell(message) {
  navigator.serviceWorker.ready
    .then((registration) => registration.active && registration.active.postMessage(message))
    .catch(() => {});
}

if ("serviceWorker" in navigator) {
  if (link && document.body.hasAttribute("data-signed-in")) {
    tell({ type: "keep-plan", force: location.pathname.startsWith(new URL(link.href).pathname) });
  } else if (live && !document.body.hasAttribute("data-signed-in")) {
    tell({ type: "forget-plan" });
  }
}
