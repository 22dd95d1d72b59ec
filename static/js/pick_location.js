/* Click on the map to set a facility's latitude and longitude fields. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("pick-config").textContent);
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  var map = L.map("pick-map", { minZoom: cfg.minZoom, maxZoom: cfg.maxZoom, maxBounds: cfg.maxBounds }).setView(cfg.center, cfg.zoom);
  if (cfg.tileUrl) L.tileLayer(cfg.tileUrl, { attribution: cfg.attribution, maxZoom: cfg.maxZoom }).addTo(map);
  var marker = null;
  function place(latlng) {
    if (marker) marker.setLatLng(latlng);
    else marker = L.circleMarker(latlng, { radius: 9, color: "#fff", weight: 2, fillColor: "#198754", fillOpacity: 1 }).addTo(map);
  }
  if (lat.value && lng.value) place([parseFloat(lat.value), parseFloat(lng.value)]);
  map.on("click", function (e) {
    lat.value = e.latlng.lat.toFixed(6);
    lng.value = e.latlng.lng.toFixed(6);
    place(e.latlng);
  });
})();
