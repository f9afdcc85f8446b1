// Share a meeting: the phone's share sheet where there is one (Web Share API); otherwise the
// link and QR code (shown without JavaScript too), with a button that copies the link.
const shareButton = document.getElementById("share-meeting");
const other = document.getElementById("share-other");
const copyButton = document.getElementById("copy-link");
const status = document.getElementById("share-status");
const link = document.getElementById("share-link");

if (shareButton && other) {
  shareButton.hidden = false;
  shareButton.addEventListener("click", async () => {
    const { title, text, url } = shareButton.dataset;
    if (typeof navigator.share !== "function") {
      other.open = true;
      (copyButton && !copyButton.hidden ? copyButton : link).focus();
      return;
    }
    try {
      await navigator.share({ title, text, url });
    } catch (error) {
      // the person closed the share sheet: nothing to do; anything else: offer the link
      if (!error || error.name !== "AbortError") other.open = true;
    }
  });
}

if (copyButton && link && navigator.clipboard) {
  copyButton.hidden = false;
  copyButton.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(link.value);
      status.textContent = copyButton.dataset.copied;
    } catch {
      link.select();
      status.textContent = copyButton.dataset.failed;
    }
  });
}
