// "Use my location": fill the finder's hidden lat/lng from the phone and search.
// The button is rendered hidden and only shown where the browser can locate.
const button = document.getElementById("locate");
const form = button && button.form;

if (form && "geolocation" in navigator) {
  const status = document.getElementById("locate-status");
  const where = form.elements.namedItem("where");
  const lat = form.elements.namedItem("lat");
  const lng = form.elements.namedItem("lng");

  button.hidden = false;

  button.addEventListener("click", () => {
    if (button.getAttribute("aria-disabled") === "true") return;
    status.textContent = button.dataset.finding;
    button.setAttribute("aria-disabled", "true");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        // about 100 m is close enough to sort by distance, and tells no more than needed
        lat.value = position.coords.latitude.toFixed(3);
        lng.value = position.coords.longitude.toFixed(3);
        where.value = "";
        form.submit();
      },
      () => {
        status.textContent = button.dataset.failed;
        button.removeAttribute("aria-disabled");
        where.focus();
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 },
    );
  });

  // A typed place replaces a position found earlier.
  where.addEventListener("input", () => {
    lat.value = "";
    lng.value = "";
  });
}
