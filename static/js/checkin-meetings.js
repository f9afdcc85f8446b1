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
