// Passkeys: make one in My account (form[data-passkey-add]) and log in with one on the login
// page (section[data-passkey-login]). Shown only where the browser has passkeys; the server checks
// everything the phone signs. No library: the bytes travel as base64url.
const supported = "PublicKeyCredential" in self && navigator.credentials;

function encode(buffer) {
  let text = "";
  for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decode(text) {
  const plain = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
  return Uint8Array.from(plain, (c) => c.charCodeAt(0)).buffer;
}

async function post(url, csrf, body) {
  return fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
    body: JSON.stringify(body || {}),
  });
}

function showError(holder, text) {
  const error = holder.querySelector("[data-error]");
  error.textContent = text;
  error.hidden = false;
}

async function addPasskey(form) {
  const { options: optionsUrl, action, csrf, failed } = form.dataset;
  const options = await (await post(optionsUrl, csrf)).json();
  options.challenge = decode(options.challenge);
  options.user.id = decode(options.user.id);
  options.excludeCredentials = (options.excludeCredentials || []).map((c) => ({ ...c, id: decode(c.id) }));
  const made = await navigator.credentials.create({ publicKey: options });
  const credential = {
    id: made.id,
    rawId: encode(made.rawId),
    type: made.type,
    response: {
      clientDataJSON: encode(made.response.clientDataJSON),
      attestationObject: encode(made.response.attestationObject),
      transports: made.response.getTransports ? made.response.getTransports() : [],
    },
    clientExtensionResults: made.getClientExtensionResults(),
  };
  const answer = await post(action, csrf, { credential, name: form.elements.name.value });
  if (!answer.ok) throw new Error(failed);
  location.assign((await answer.json()).next);
}

async function signIn(section) {
  const { options: optionsUrl, action, csrf, next } = section.dataset;
  const options = await (await post(optionsUrl, csrf)).json();
  options.challenge = decode(options.challenge);
  options.allowCredentials = (options.allowCredentials || []).map((c) => ({ ...c, id: decode(c.id) }));
  const signed = await navigator.credentials.get({ publicKey: options });
  const credential = {
    id: signed.id,
    rawId: encode(signed.rawId),
    type: signed.type,
    response: {
      clientDataJSON: encode(signed.response.clientDataJSON),
      authenticatorData: encode(signed.response.authenticatorData),
      signature: encode(signed.response.signature),
      userHandle: signed.response.userHandle ? encode(signed.response.userHandle) : null,
    },
    clientExtensionResults: signed.getClientExtensionResults(),
  };
  const answer = await post(action, csrf, { credential, next });
  if (!answer.ok) throw new Error("refused");
  location.assign((await answer.json()).next);
}

if (supported) {
  for (const hint of document.querySelectorAll("[data-passkey-unsupported]")) hint.hidden = true;
  for (const form of document.querySelectorAll("form[data-passkey-add]")) {
    form.hidden = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      addPasskey(form).catch(() => showError(form, form.dataset.failed));
    });
  }
  for (const section of document.querySelectorAll("[data-passkey-login]")) {
    section.hidden = false;
    section.querySelector("button").addEventListener("click", () => {
      signIn(section).catch(() => showError(section, section.dataset.failed));
    });
  }
}
