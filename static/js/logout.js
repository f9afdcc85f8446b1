// Logging out (form[data-logout]): stop push to this phone, and forget the offline queue, the way
// back remembered for no signal, the kept plan and the kept pages of searches and saved meetings. The server's
// Clear-Site-Data does the same where the browser has it; crisis help and the start page stay.
const KEPT = ["/", "/help", "/offline"];

// Unsubscribe this phone, and tell the server which subscription it was (the form sends it).
async function stopPush(form) {
  try {
    const registration = await navigator.serviceWorker.getRegistration();
    const subscription = registration && await registration.pushManager.getSubscription();
    if (subscription) {
      form.elements.push_endpoint.value = subscription.endpoint;
      await subscription.unsubscribe();
    }
  } catch (error) {
    // nothing to unsubscribe, or no push here
  }
}

async function forgetPages() {
  try {
    await caches.delete("peerapp-plan"); // the client's plan, kept for no signal

    for (const name of (await caches.keys()).filter((n) => n.startsWith("peerapp-pages-"))) {
      const pages = await caches.open(name);
      for (const request of await pages.keys()) {
        const url = new URL(request.url);
        if (!KEPT.includes(url.pathname + url.search)) await pages.delete(request);
      }
    }
  } catch (error) {
    // no Cache Storage here
  }
}

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.hasAttribute || !form.hasAttribute("data-logout") || form.dataset.leaving) return;
  event.preventDefault();
  form.dataset.leaving = "1";
  let comeBackKey = null;
  try {
    await stopPush(form);
    await self.peerappQueue.clear().catch(() => {});
    self.peerappComeBack.forget();
    await forgetPages();
    comeBackKey = localStorage.getItem("peerapp.comeBackKey");
  } catch (error) {
    // whatever could not be cleared, the person is logged out
  }
  if (comeBackKey) {
    // the button on this phone survives logging out (My account says so): the server's
    // Clear-Site-Data empties storage, so log out in the background and put the key back
    try {
      const answer = await fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" });
      localStorage.setItem("peerapp.comeBackKey", comeBackKey);
      location.assign(answer.url);
      return;
    } catch (error) {
      // no connection: log out the plain way
    }
  }
  form.submit();
});
