// Install the service worker that keeps the app working offline. Its address names the page's
// language: the pages it keeps for offline use are in that language, and a new choice renews them.
if ("serviceWorker" in navigator) {
  const lang = encodeURIComponent(document.documentElement.lang || "");
  navigator.serviceWorker.register(`/sw.js?lang=${lang}`, { scope: "/" }).catch(() => {
    // Without it the site still works online; nothing to tell the visitor.
  });
}
