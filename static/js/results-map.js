// The map beside a finder's result list: a choice of list or map above the results. The map is
// drawn with the vendored Leaflet only once a person chooses it, from the tiles the operator set;
// each result with a place gets a numbered marker, and the list below carries the same numbers.
// Markers that lie close together are clustered. Without JavaScript the list is all there is.

const choice = document.querySelector("[data-map-choice]");
const box = document.getElementById("results-map");
const help = document.querySelector("[data-map-help]");

const loaded = new Map();

function load(url, kind) {
  if (!loaded.has(url)) {
    loaded.set(
      url,
      new Promise((resolve, reject) => {
        const node = document.createElement(kind === "css" ? "link" : "script");
        if (kind === "css") {
          node.rel = "stylesheet";
          node.href = url;
        } else {
          node.src = url;
          node.async = false;
        }
        node.addEventListener("load", resolve);
        node.addEventListener("error", reject);
        document.head.append(node);
      }),
    );
  }
  return loaded.get(url);
}

async function leaflet() {
  await Promise.all(box.dataset.styles.split(" ").map((url) => load(url, "css")));
  for (const url of box.dataset.scripts.split(" ")) await load(url, "js");
  return window.L;
}

function points() {
  const cards = [...document.querySelectorAll(".results .cards > li > .card[data-lat]")];
  return cards.map((card, index) => ({
    card,
    number: index + 1,
    lat: Number(card.dataset.lat),
    lng: Number(card.dataset.lng),
    link: card.querySelector(".card-title a"),
    when: card.querySelector(".when, .where"),
  }));
}

function number(point) {
  if (point.card.querySelector(".map-number")) return;
  const mark = document.createElement("span");
  mark.className = "map-number";
  mark.setAttribute("aria-hidden", "true");
  mark.textContent = String(point.number);
  point.card.querySelector(".card-top").prepend(mark);
}

function popup(point) {
  const body = document.createElement("div");
  const link = document.createElement("a");
  link.href = point.link.href;
  link.textContent = `${point.number}. ${point.link.textContent}`;
  body.append(link);
  if (point.when) {
    const line = document.createElement("p");
    line.textContent = point.when.textContent.trim();
    body.append(line);
  }
  return body;
}

function pick(point) {
  for (const card of document.querySelectorAll(".card.is-picked")) card.classList.remove("is-picked");
  point.card.classList.add("is-picked");
}

let drawn = false;

async function draw() {
  const L = await leaflet();
  const map = L.map(box, {
    zoomControl: false,
    scrollWheelZoom: false,
    // one finger scrolls the page on a phone; two fingers move and zoom the map
    dragging: !L.Browser.mobile,
    tapHold: false,
  });
  L.control
    .zoom({ zoomInTitle: box.dataset.zoomIn, zoomOutTitle: box.dataset.zoomOut })
    .addTo(map);
  map.attributionControl.setPrefix(false);
  L.tileLayer(box.dataset.tiles, {
    attribution: box.dataset.attribution || "",
    maxZoom: 19,
  }).addTo(map);
  const cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 40,
    iconCreateFunction: (group) =>
      L.divIcon({
        className: "marker-cluster",
        html: `<span>${group.getChildCount()}</span>`,
        iconSize: [40, 40],
      }),
  });
  const all = points();
  for (const point of all) {
    number(point);
    const marker = L.marker([point.lat, point.lng], {
      icon: L.divIcon({
        className: "map-pin",
        html: `<span>${point.number}</span>`,
        iconSize: [30, 30],
      }),
      title: `${point.number}. ${point.link.textContent}`,
      keyboard: true,
    });
    marker.bindPopup(() => popup(point));
    marker.on("click", () => pick(point));
    cluster.addLayer(marker);
  }
  map.addLayer(cluster);
  map.fitBounds(cluster.getBounds(), { padding: [24, 24], maxZoom: 15 });
  drawn = true;
}

function show(view) {
  for (const button of choice.querySelectorAll("[data-view]")) {
    button.setAttribute("aria-pressed", String(button.dataset.view === view));
  }
  box.hidden = view !== "map";
  help.hidden = view !== "map";
  for (const mark of document.querySelectorAll(".map-number")) mark.hidden = view !== "map";
  const url = new URL(window.location.href);
  if (view === "map") url.searchParams.set("view", "map");
  else url.searchParams.delete("view");
  window.history.replaceState(window.history.state, "", url);
  if (view === "map" && !drawn) {
    draw().catch(() => {
      box.hidden = true;
      help.hidden = true;
    });
  }
}

if (choice && box && points().length) {
  choice.hidden = false;
  for (const button of choice.querySelectorAll("[data-view]")) {
    button.addEventListener("click", () => show(button.dataset.view));
  }
  if (new URLSearchParams(window.location.search).get("view") === "map") show("map");
}
