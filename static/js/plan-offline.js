// A signed-in client's crisis plan opens with no signal: each page asks the service worker to
// keep a fresh copy of /plan (at once after a change on a plan page, else now and then).
const link = document.querySelector("a[data-plan-offline]");
if (link && document.body.hasAttribute("data-signed-in") && "serviceWorker" in navigator) {
  const force = location.pathname.startsWith(new URL(link.href).pathname);
  navigator.serviceWorker.ready
    .then((registration) => registration.active && registration.active.postMessage({ type: "keep-plan", force }))
    .catch(() => {});
}
