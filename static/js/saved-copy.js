// A page the service worker kept, served while offline (sw.js fills in data-saved-at): say when
// it was saved, in the page's language and Norway's time.
const copy = document.getElementById("saved-copy");
if (copy && copy.dataset.savedAt) {
  const moment = new Date(copy.dataset.savedAt);
  if (!Number.isNaN(moment.getTime())) {
    const time = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "Europe/Oslo",
    }).format(moment);
    copy.textContent = copy.dataset.text.replace("{time}", time);
    copy.hidden = false;
  }
}
