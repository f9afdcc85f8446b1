// The forms that go through the offline queue (data-queue="readmission" or "checkin"): a tap is
// kept on the phone with its idempotency key and sent at once when there is a network, or by
// itself later. The answer takes the page on as the form would without JavaScript: to the new
// request, to the check-in page saying "saved", or back to the form with its errors by each field.
const queue = self.peerappQueue;
const panel = self.peerappQueueStatus; // queue-status.js: none where the page cannot keep a queue
const status = document.getElementById("queue-status");
const tapped = new Map(); // key -> form, for what was sent from this page

function askForSync() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.ready
    .then((registration) => registration.sync && registration.sync.register(queue.TAG))
    .catch(() => {}); // no Background Sync: the next page load or `online` sends it
}

// A tap made on this page has an answer: go on to it. True when the page leaves.
async function follow(entry) {
  const form = tapped.get(entry.key);
  if (!form || entry.state === "waiting") return false;
  if (entry.state === "refused") {
    // refused at once: the form itself, so the page shows its errors by each field
    await queue.remove(entry.key);
    form.submit();
    return true;
  }
  // sent: to the request's page, or the check-in page saying "saved" (it says so from the queue)
  if (entry.kind === "readmission") await queue.remove(entry.key);
  const target = new URL(
    entry.kind === "readmission" ? `/readmission/${entry.id}` : status.dataset.checkinPage,
    window.location.href,
  );
  if (target.pathname + target.search !== window.location.pathname + window.location.search) {
    window.location.assign(target);
  } else { // the same page again, fresh (a link to its own #part would not load it)
    window.history.replaceState(null, "", target);
    window.location.reload();
  }
  return true;
}

async function keep(event) {
  const form = event.target;
  const kind = form.dataset && form.dataset.queue;
  if (!queue.knows(kind)) return;
  // a button that sends the form elsewhere (the plan's "Find meetings") is no check-in to keep
  if (event.submitter && event.submitter.hasAttribute("formaction")) return;
  event.preventDefault();
  const key = kind === "readmission" ? form.elements.key.value : queue.newKey();
  if (tapped.has(key)) return; // a second tap is the same request
  const entry = { key, kind, user: Number(form.dataset.user), created: Date.now(), state: "waiting" };
  if (kind === "checkin") {
    entry.entered = self.peerappCheckin.entered(form);
    // ready made too, for a service worker of the previous release (offline-queue.js) that may
    // still be the one that replays, while this release's worker installs: it sends `body` as it
    // is. Drop this once that release is gone from the phones.
    entry.body = JSON.stringify(self.peerappCheckin.body(entry.entered));
  }
  try {
    await queue.put(entry);
  } catch (error) {
    form.submit(); // no storage here (private mode): the plain form
    return;
  }
  tapped.set(key, form);
  panel.sending();
  await panel.update();
  const after = (await queue.all()).find((item) => item.key === key);
  if (after && after.state === "waiting") askForSync();
}

if (panel) {
  panel.follow(follow);
  document.addEventListener("submit", keep);
}
