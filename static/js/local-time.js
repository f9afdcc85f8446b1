// Online meetings in my time: next to the meeting's own time (written by the server), the time
// where the visitor is, when that differs. Uses only the browser's Intl; nothing is sent.
const mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
const lang = document.documentElement.lang === "en" ? "en-GB" : document.documentElement.lang;

function clock(moment, zone, withDay) {
  const options = { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  if (withDay) options.weekday = "long";
  return new Intl.DateTimeFormat(lang, options).format(moment);
}

for (const element of document.querySelectorAll("[data-local-time]")) {
  const start = new Date(element.dataset.start);
  const own = element.dataset.zone;
  if (!mine || !own || Number.isNaN(start.getTime())) continue;
  try {
    if (clock(start, own, true) === clock(start, mine, true)) continue;
    const sameDay = clock(start, own, true).split(" ")[0] === clock(start, mine, true).split(" ")[0];
    const time = clock(start, mine, !sameDay);
    element.textContent = element.dataset.label.replace("{time}", time).replace("{zone}", mine);
    element.hidden = false;
  } catch {
    // an unknown zone name: the meeting's own time stands alone
  }
}
