// What the page says about the offline queue, in the live region every page has (#queue-status,
// role=status: screen readers announce it politely, without interrupting): what waits to be sent,
// and, once, what was sent or refused and why. The queue is replayed when a page loads, when the
// phone comes online and when the service worker says it has sent something.
const queue = self.peerappQueue;
const status = document.getElementById("queue-status");
const said = []; // what was sent or refused: said once, and it stays on this page
const saidKeys = new Set();
const followers = []; // the forms of this page, which take their own taps on (queue-forms.js)
let pending = null;

function line(text, link) {
  const paragraph = document.createElement("p");
  paragraph.textContent = text;
  if (link) {
    const anchor = document.createElement("a");
    anchor.href = link.href;
    anchor.textContent = link.text;
    paragraph.append(" ", anchor);
  }
  return paragraph;
}

async function show() {
  const entries = await queue.all();
  const lines = [];
  for (const entry of entries) {
    for (const follow of followers) {
      if (await follow(entry)) return; // the page goes on to the answer
    }
    const say = (state) => status.dataset[`${state}${entry.kind === "checkin" ? "Checkin" : "Readmission"}`];
    if (entry.state === "waiting") {
      lines.push(line(say("waiting")));
    } else {
      const link = entry.kind === "readmission" && entry.state === "sent" && entry.id
        ? { href: `/readmission/${entry.id}`, text: status.dataset.seeRequest } : null;
      if (!saidKeys.has(entry.key)) { // two replays (page and worker) may both find it
        saidKeys.add(entry.key);
        said.push(line(`${say(entry.state)} ${entry.reason || ""}`.trim(), link));
      }
      await queue.remove(entry.key); // said once, then it is over
    }
  }
  // while a request to come back waits, the clinic's number: a phone call needs no data
  for (const call of document.querySelectorAll("[data-queue-call]")) {
    call.hidden = !entries.some((entry) => entry.kind === "readmission" && entry.state === "waiting");
  }
  status.replaceChildren(...said, ...lines);
}

// Send what waits, then say how it went; one at a time on this page.
function update() {
  if (!pending) {
    pending = queue.replay().catch(() => null).then(show).catch(() => {});
    pending.finally(() => { pending = null; });
  }
  return pending;
}

if (status && "indexedDB" in self) {
  self.peerappQueueStatus = {
    // "Sending…", while a tap on this page goes out
    sending: () => status.replaceChildren(line(status.dataset.sending)),
    update,
    // `follow(entry)` takes an entry on before it is said, and gives true when the page leaves
    follow: (follow) => followers.push(follow),
  };
  window.addEventListener("online", update);
  navigator.serviceWorker?.addEventListener("message", (event) => {
    if ((event.data || {}).type === "queue") show().catch(() => {});
  });
  update();
}
