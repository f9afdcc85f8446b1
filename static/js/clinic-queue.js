// The clinic's queue keeps itself current: every 20 seconds (and when the tab is shown again)
// it fetches the queue alone and puts it in place of the old one. Nothing else on the page is
// touched, so what the nurse is typing and where they have scrolled stay as they are; a new
// request is announced once in a polite live region. Without JavaScript the page says when it
// was updated and has a link to refresh it.
const box = document.getElementById("queue");
const news = document.getElementById("queue-news");
const EVERY = 20_000;

function ids(root) {
  const mark = root.querySelector(".queue-updated");
  return new Set((mark?.dataset.ids || "").split(" ").filter(Boolean));
}

async function refresh() {
  if (document.hidden) return;
  let response;
  try {
    response = await fetch(box.dataset.refresh, {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
      cache: "no-store",
    });
  } catch {
    return; // offline: the queue shown stays, with the time it was updated
  }
  if (!response.ok || response.redirected) return; // signed out: the next reload says so
  const fresh = document.createElement("template");
  fresh.innerHTML = await response.text();
  const before = ids(box);
  const after = ids(fresh.content);
  const focused = box.contains(document.activeElement) ? document.activeElement : null;
  const focusedHref = focused?.getAttribute("href");
  // a nurse scrolled past the start of the queue keeps what they are reading where it is
  const below = box.closest("section")?.nextElementSibling;
  const scrolledPast = box.getBoundingClientRect().top < 0;
  const belowTop = below?.getBoundingClientRect().top;
  box.replaceChildren(fresh.content);
  if (below && scrolledPast) {
    window.scrollBy(0, below.getBoundingClientRect().top - belowTop);
  }
  if (focusedHref) { // keep the keyboard where it was
    box.querySelector(`[href="${CSS.escape(focusedHref)}"]`)?.focus({ preventScroll: true });
  }
  if ([...after].some((id) => !before.has(id))) {
    news.textContent = news.dataset.new;
  }
}

if (box && box.dataset.refresh) {
  setInterval(refresh, EVERY);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
}
