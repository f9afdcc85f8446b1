#!/usr/bin/env bash
# Vendor the map libraries under static/vendor/ from npm, at the pinned versions below, so that
# pages never fetch code from another host. Run it again after changing a version; commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
LEAFLET=1.9.4
MARKERCLUSTER=1.5.3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "leaflet@$LEAFLET" "leaflet.markercluster@$MARKERCLUSTER" >/dev/null)
mkdir -p "$work/leaflet" "$work/cluster"
tar xzf "$work/leaflet-$LEAFLET.tgz" -C "$work/leaflet"
tar xzf "$work/leaflet.markercluster-$MARKERCLUSTER.tgz" -C "$work/cluster"
out=static/vendor/leaflet
rm -rf "$out" && mkdir -p "$out"
cp "$work/leaflet/package/dist/leaflet.js" "$work/leaflet/package/dist/leaflet.css" "$out/"
cp "$work/leaflet/package/LICENSE" "$out/LICENSE-leaflet"
cp "$work/cluster/package/dist/leaflet.markercluster.js" "$work/cluster/package/dist/MarkerCluster.css" \
  "$work/cluster/package/dist/MarkerCluster.Default.css" "$out/"
cp "$work/cluster/package/MIT-LICENCE.txt" "$out/LICENSE-markercluster"
# the source maps are left out: browsers would ask for them, and they are not needed to run
sed -i '/sourceMappingURL/d' "$out"/*.js
printf 'leaflet %s\nleaflet.markercluster %s\n' "$LEAFLET" "$MARKERCLUSTER" > "$out/VERSIONS"
echo "vendored into $out"
