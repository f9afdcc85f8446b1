// Install the service worker that keeps crisis help available offline.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
    // Without it the site still works online; nothing to tell the visitor.
  });
}
