// The morning plan: offer the meetings saved on this phone (see favourites.js) that are held
// today. Each saved meeting is looked up in the public meetings API for its day and time; only
// meeting ids are sent, nothing about the person.
const KEY = "peerapp.favourites";
const MEETING_PATH = /^\/meetings\/(\d+)$/;
const MOST = 20;

function savedIds() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) || "[]");
    if (!Array.isArray(list)) return [];
    return list
      .map((item) => item && typeof item.url === "string" && MEETING_PATH.exec(item.url))
      .filter(Boolean)
      .map((match) => match[1]);
  } catch {
    return []; // storage is off (private mode, blocked): offer nothing
  }
}

async function lookUp(id) {
  try {
    const answer = await fetch(`/api/v1/meetings/${id}`, { headers: { Accept: "application/json" } });
    return answer.ok ? await answer.json() : null;
  } catch {
    return null; // offline: the typed search still works
  }
}

function option(template, meeting) {
  const item = template.content.firstElementChild.cloneNode(true);
  const input = item.querySelector("input");
  input.id = `meeting-${meeting.id}`;
  input.value = String(meeting.id);
  item.querySelector("label").htmlFor = input.id;
  for (const name of item.querySelectorAll(".meeting-name")) name.textContent = meeting.name;
  item.querySelector(".meeting-time").textContent = meeting.time;
  item.querySelector("a").href = `/meetings/${meeting.id}`;
  return item;
}

async function offerSaved(group, template) {
  const today = Number(group.dataset.day);
  const shown = new Set(
    [...document.querySelectorAll("input[name=meeting]")].map((input) => input.value),
  );
  const ids = [...new Set(savedIds())].filter((id) => !shown.has(id)).slice(0, MOST);
  if (!ids.length) return;
  const found = (await Promise.all(ids.map(lookUp)))
    .filter((meeting) => meeting && meeting.day === today)
    .sort((a, b) => a.time.localeCompare(b.time));
  const list = group.querySelector("ul");
  for (const meeting of found) list.append(option(template, meeting));
  if (found.length) group.hidden = false;
}

const group = document.getElementById("saved-meetings");
const template = document.getElementById("meeting-option");
if (group && template) offerSaved(group, template);

// The search for today's meetings lives inside the plan, and "Find meetings" sends the plan as
// it is, to come back unsaved with everything still ticked. Enter in the place searches (Enter
// elsewhere saves); "Use my location" fills in the position and searches the same way.
const find = document.getElementById("find-meetings");
const where = document.getElementById("where");
if (find && where && find.form) {
  const form = find.form;
  where.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    form.requestSubmit(find);
  });
  const locate = document.getElementById("locate");
  const status = document.getElementById("locate-status");
  const lat = form.elements.namedItem("lat");
  const lng = form.elements.namedItem("lng");
  if (locate && "geolocation" in navigator) {
    locate.hidden = false;
    locate.addEventListener("click", () => {
      if (locate.getAttribute("aria-disabled") === "true") return;
      status.textContent = locate.dataset.finding;
      locate.setAttribute("aria-disabled", "true");
      navigator.geolocation.getCurrentPosition(
        (position) => {
          // about 100 m is close enough to sort by distance, and tells no more than needed
          lat.value = position.coords.latitude.toFixed(3);
          lng.value = position.coords.longitude.toFixed(3);
          where.value = "";
          form.requestSubmit(find);
        },
        () => {
          status.textContent = locate.dataset.failed;
          locate.removeAttribute("aria-disabled");
          where.focus();
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 },
      );
    });
  }
  // A typed place replaces a position found earlier.
  where.addEventListener("input", () => {
    lat.value = "";
    lng.value = "";
  });
}
