// The button on a signed-out phone. My account keeps a come-back key in this phone's storage
// (section[data-come-back-keys]); the start page of a signed-out phone that holds one shows the
// button (section[data-come-back-key]), which sends the request with the key and nothing else:
// no cookies go with it, and the key opens no other page. It stays when the person logs out.
const STORE = "peerapp.comeBackKey";

function held() {
  try {
    return JSON.parse(localStorage.getItem(STORE) || "null");
  } catch (error) {
    return null; // no storage here (private mode)
  }
}

function keep(value) {
  localStorage.setItem(STORE, JSON.stringify(value));
}

function drop() {
  try {
    localStorage.removeItem(STORE);
  } catch (error) {
    // no storage here
  }
}

function newTap() {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function say(holder, selector, text) {
  const place = holder.querySelector(selector);
  place.textContent = text;
  place.hidden = false;
}

function account(section) {
  const mine = held();
  const form = section.querySelector("form[data-keep-button]");
  const row = mine && section.querySelector(`[data-key-id="${Number(mine.id)}"]`);
  if (row) {
    row.querySelector("[data-this-phone]").hidden = false;
    section.querySelector("[data-kept]").hidden = false;
  }
  form.hidden = Boolean(row);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const answer = await fetch(form.dataset.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": form.dataset.csrf },
        body: JSON.stringify({ name: form.elements.name.value }),
      });
      if (answer.status !== 201) throw new Error(String(answer.status));
      const made = await answer.json();
      keep({ id: made.id, key: made.key, clinic: section.dataset.clinic, phone: section.dataset.phone });
      location.reload();
    } catch (error) {
      say(form, "[data-error]", form.dataset.failed);
    }
  });
  for (const remove of section.querySelectorAll("form[data-remove-key]")) {
    remove.addEventListener("submit", () => {
      if (mine && Number(remove.dataset.removeKey) === Number(mine.id)) drop();
    });
  }
}

async function send(section, button) {
  const mine = held();
  if (!mine) return;
  button.disabled = true;
  const tap = mine.tap || newTap(); // a second tap after a lost answer is the same request
  keep({ ...mine, tap });
  const clinic = mine.clinic || "";
  try {
    const answer = await fetch(section.dataset.endpoint, {
      method: "POST",
      credentials: "omit",
      headers: { Authorization: `Bearer ${mine.key}`, "Idempotency-Key": tap, "Content-Type": "application/json" },
      body: "{}",
    });
    if (answer.status === 401) {
      drop(); // removed, or the enrolment ended: the phone forgets it
      button.hidden = true;
      say(section, "[data-result]", section.dataset.refused);
      return;
    }
    if (!answer.ok) throw new Error(String(answer.status));
    const request = await answer.json();
    keep({ id: mine.id, key: mine.key, clinic: request.clinic.name, phone: request.clinic.phone });
    button.hidden = true;
    const text = request.already_open ? section.dataset.open : section.dataset.sent;
    say(section, "[data-result]", text.replace("{clinic}", request.clinic.name));
  } catch (error) {
    button.disabled = false;
    say(section, "[data-result]", section.dataset.failed.replace("{clinic}", clinic));
  }
}

function startPage(section) {
  const mine = held();
  if (!mine || !mine.key) {
    section.remove();
    return;
  }
  const hint = section.querySelector("[data-hint]");
  hint.textContent = hint.dataset.text.replace("{clinic}", mine.clinic || "");
  if (mine.phone) {
    const call = section.querySelector("[data-call] a");
    call.href = `tel:${mine.phone.replace(/\s/g, "")}`;
    call.textContent = call.dataset.text.replace("{clinic}", mine.clinic || "").replace("{phone}", mine.phone);
    section.querySelector("[data-call]").hidden = false;
  }
  const button = section.querySelector("button");
  button.addEventListener("click", () => send(section, button));
}

self.peerappComeBackKey = { held, keep, drop };
for (const section of document.querySelectorAll("[data-come-back-keys]")) account(section);
const template = document.getElementById("come-back-key");
if (template && held()) {
  const copy = template.content.cloneNode(true);
  const section = copy.querySelector("[data-come-back-key]");
  template.replaceWith(copy);
  startPage(section);
}
