// Notifications on this device: asked for only when the person presses the button, after the
// page has said what they are for. Subscribes with the server's VAPID key and tells the server.
const section = document.querySelector("[data-push]");

function keyBytes(base64url) {
  const padded = base64url.replace(/-/g, "+").replace(/_/g, "/").padEnd(
    Math.ceil(base64url.length / 4) * 4,
    "=",
  );
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

async function send(method, body) {
  return fetch("/api/v1/push-subscriptions", {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": section.dataset.csrf },
    body: JSON.stringify(body),
  });
}

function show(state) {
  const status = section.querySelector("[data-push-status]");
  status.textContent = section.dataset[`say${state[0].toUpperCase()}${state.slice(1)}`] || "";
  section.querySelector("[data-push-on]").hidden = state === "on";
  section.querySelector("[data-push-off]").hidden = state !== "on";
}

async function turnOn(registration) {
  const answer = await fetch("/api/v1/push/public-key", { credentials: "same-origin" });
  if (!answer.ok) return show("unavailable");
  const { public_key: publicKey } = await answer.json();
  if ((await Notification.requestPermission()) !== "granted") return show("blocked");
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: keyBytes(publicKey),
  });
  const saved = await send("POST", subscription.toJSON());
  if (!saved.ok) {
    await subscription.unsubscribe();
    return show("failed");
  }
  return show("on");
}

async function turnOff(registration) {
  const subscription = await registration.pushManager.getSubscription();
  if (subscription) {
    await send("DELETE", { endpoint: subscription.endpoint });
    await subscription.unsubscribe();
  }
  show("off");
}

async function start() {
  if (!section || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
  section.hidden = false;
  const registration = await navigator.serviceWorker.ready;
  const current = await registration.pushManager.getSubscription();
  if (Notification.permission === "denied") show("blocked");
  else if (current) show("on");
  const act = (work) => async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      await work(registration);
    } catch (error) {
      show("failed");
    } finally {
      button.disabled = false;
    }
  };
  section.querySelector("[data-push-on]").addEventListener("click", act(turnOn));
  section.querySelector("[data-push-off]").addEventListener("click", act(turnOff));
}

start();
