// The way back to the clinic with no signal. A page the server made for a signed-in person (it
// has the mark data-signed-in) says whether the button to come back is theirs, and the phone
// remembers the clinic; a kept copy of a page, opened offline, then shows the button from what
// was remembered (its tap waits in the offline queue) and the clinic's number.
const REMEMBER = "peerapp.comeBack";

// Forget the way back (on logging out).
function forget() {
  try {
    localStorage.removeItem(REMEMBER);
  } catch (error) {
    // no storage here
  }
}

function remember(copy) {
  if (!("signedIn" in document.body.dataset) || (copy && copy.dataset.savedAt)) return;
  const live = document.querySelector("section.come-back");
  const button = live && live.querySelector("form[data-queue=readmission]");
  if (button) {
    const { clinic, phone } = live.dataset;
    localStorage.setItem(REMEMBER, JSON.stringify({ user: Number(button.dataset.user), clinic, phone }));
  } else {
    forget(); // not enrolled, or a request is open: nothing to tap
  }
}

function showOffline(copy) {
  const template = document.getElementById("come-back-offline");
  const remembered = JSON.parse(localStorage.getItem(REMEMBER) || "null");
  if (!(template && remembered && copy && copy.dataset.savedAt)) return;
  const section = template.content.cloneNode(true);
  const form = section.querySelector("form");
  form.dataset.user = String(remembered.user);
  form.elements.key.value = self.peerappQueue.newKey();
  const hint = section.querySelector("#come-back-hint");
  hint.textContent = hint.dataset.text.replace("{clinic}", remembered.clinic);
  if (remembered.phone) {
    const call = section.querySelector("[data-call] a");
    call.href = `tel:${remembered.phone.replace(/\s/g, "")}`;
    call.textContent = call.dataset.text.replace("{clinic}", remembered.clinic).replace("{phone}", remembered.phone);
    section.querySelector("[data-call]").hidden = false;
  }
  template.replaceWith(section);
}

self.peerappComeBack = { forget };
if ("indexedDB" in self) { // the button's tap waits in the offline queue
  const copy = document.getElementById("saved-copy");
  try {
    remember(copy);
    showOffline(copy);
  } catch (error) {
    // no storage here (private mode): the kept page stays as it is
  }
}
