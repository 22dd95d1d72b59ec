/* SafeMap coloured map: compact columnar data, clustered with Supercluster, drawn with
   canvas circles. Facility text is only ever put into the page with textContent. */
(function () {
  "use strict";

  var cfgNode = document.getElementById("map-config");
  if (!cfgNode) return;
  var cfg = JSON.parse(cfgNode.textContent);
  // Translations come from Django's JavaScript catalog (/jsi18n/); Vietnamese is the source.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (fmt, args) {
    var k = 0;
    return fmt.replace(/%s/g, function () { return String(args[k++]); });
  };
  var COLOURS = ["green", "yellow", "red", "grey"];
  var FILL = { green: "#198754", yellow: "#f0ad00", red: "#dc3545", grey: "#8a8f98" };
  var LABELS = {
    green: gettext("An toàn"), yellow: gettext("Có rủi ro"), red: gettext("Không an toàn"), grey: gettext("Chưa đánh giá / Quá hạn")
  };

  var map = L.map("map", { preferCanvas: true, minZoom: cfg.minZoom, maxZoom: cfg.maxZoom, maxBounds: cfg.maxBounds })
    .setView(cfg.center, cfg.zoom);
  if (cfg.tileUrl) {
    L.tileLayer(cfg.tileUrl, { attribution: cfg.attribution, maxZoom: cfg.maxZoom }).addTo(map);
  }
  var renderer = L.canvas({ padding: 0.3 });
  var layer = L.layerGroup().addTo(map);
  var status = document.getElementById("map-status");
  var form = document.getElementById("map-filters");
  var index = null;
  var ids = null;
  var firstRender = true;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function setStatus(text) {
    if (status) status.textContent = text;
  }

  function decode(data) {
    var n = data.n, scale = data.scale, c = data.c;
    var points = new Array(n);
    ids = new Int32Array(n);
    var id = 0, y = 0, x = 0;
    var counts = [0, 0, 0, 0];
    for (var i = 0; i < n; i++) {
      id += data.id[i]; y += data.lat[i]; x += data.lng[i];
      ids[i] = id;
      var code = c.charCodeAt(i) - 48;
      counts[code]++;
      points[i] = { type: "Feature", properties: { i: i, c: code }, geometry: { type: "Point", coordinates: [x / scale, y / scale] } };
    }
    return { points: points, counts: counts };
  }

  function showCounts(counts) {
    var total = 0;
    COLOURS.forEach(function (name, code) {
      total += counts[code];
      var node = document.querySelector('[data-count="' + name + '"]');
      if (node) node.textContent = counts[code].toLocaleString("vi-VN");
    });
    var node = document.querySelector('[data-count="total"]');
    if (node) node.textContent = total.toLocaleString("vi-VN");
  }

  function clusterIcon(props) {
    var total = props.point_count;
    var parts = [props.n0, props.n1, props.n2, props.n3];
    var stops = [], at = 0;
    for (var k = 0; k < 4; k++) {
      var next = at + (parts[k] / total) * 360;
      if (parts[k]) stops.push(FILL[COLOURS[k]] + " " + at.toFixed(1) + "deg " + next.toFixed(1) + "deg");
      at = next;
    }
    var size = Math.round(Math.min(64, 30 + Math.log10(total) * 9));
    var node = el("div", "sm-cluster");
    node.style.width = node.style.height = size + "px";
    node.style.background = "conic-gradient(" + stops.join(",") + ")";
    node.appendChild(el("span", null, props.point_count_abbreviated));
    node.title = COLOURS.map(function (name, code) { return LABELS[name] + ": " + parts[code]; }).join("\n");
    return L.divIcon({ html: node, className: "sm-cluster-icon", iconSize: [size, size] });
  }

  function row(list, label, value) {
    if (value === null || value === undefined || value === "") return;
    var item = el("div", "small");
    item.appendChild(el("span", "text-muted", label + ": "));
    item.appendChild(el("span", null, value));
    list.appendChild(item);
  }

  function popupContent(info) {
    var box = el("div", "sm-popup");
    box.appendChild(el("strong", "d-block", info.name));
    if (info.address) box.appendChild(el("div", "small", info.address));
    var badge = el("span", "level-badge level-" + (COLOURS.indexOf(info.colour) >= 0 ? info.colour : "grey"), info.level);
    var line = el("div", "my-1");
    line.appendChild(badge);
    box.appendChild(line);
    row(box, gettext("Đánh giá gần nhất"), info.last_assessed || gettext("Chưa có"));
    // A whole sentence from the server ("Đã kiểm tra thực tế ngày dd/mm/yyyy"), already translated.
    if (typeof info.inspected === "string" && info.inspected) box.appendChild(el("div", "small fw-semibold sm-inspected", info.inspected));
    row(box, gettext("Mã số thuế"), info.tax_code);
    row(box, gettext("Địa bàn"), info.unit);
    row(box, gettext("Hạn đánh giá"), info.due);
    row(box, gettext("Người liên hệ"), info.contact_name);
    row(box, gettext("Điện thoại"), info.contact_phone);
    if (typeof info.url === "string" && info.url.charAt(0) === "/" && info.url.charAt(1) !== "/") {
      var link = el("a", "btn btn-sm btn-success mt-1 text-white", gettext("Xem chi tiết"));
      link.setAttribute("href", info.url);
      box.appendChild(link);
    }
    return box;
  }

  function openPopup(id, latlng) {
    var url = cfg.popupUrl.replace(/\/0\/$/, "/" + id + "/");
    var popup = L.popup().setLatLng(latlng).setContent(el("div", "small", gettext("Đang tải…"))).openOn(map);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (info) { popup.setContent(popupContent(info)); })
      .catch(function () { popup.setContent(el("div", "small", gettext("Không tải được thông tin cơ sở."))); });
  }

  function render() {
    if (!index) return;
    var b = map.getBounds();
    var zoom = map.getZoom();
    var features = index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom);
    layer.clearLayers();
    features.forEach(function (f) {
      var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
      if (f.properties.cluster) {
        var m = L.marker(ll, { icon: clusterIcon(f.properties), keyboard: false });
        m.on("click", function () {
          map.setView(ll, Math.min(index.getClusterExpansionZoom(f.properties.cluster_id), cfg.maxZoom));
        });
        layer.addLayer(m);
      } else {
        var p = f.properties;
        var colour = COLOURS[p.c];
        var dot = L.circleMarker(ll, {
          renderer: renderer, radius: 7, color: "#fff", weight: 1.5, fillColor: FILL[colour], fillOpacity: 0.95
        });
        dot.on("click", function () { openPopup(ids[p.i], ll); });
        layer.addLayer(dot);
      }
    });
    if (firstRender) {
      firstRender = false;
      window.safemapFirstRender = performance.now();
      document.body.setAttribute("data-map-ready", "1");
    }
    document.body.setAttribute("data-map-features", String(features.length));
  }

  function params() {
    var out = new URLSearchParams();
    if (!form) return out;
    new FormData(form).forEach(function (value, key) { if (value) out.append(key, value); });
    return out;
  }

  /* The list of matches: a real list of buttons, colour in words as well as in the dot. */
  var layout = document.getElementById("map-layout");
  var results = document.getElementById("map-results");
  var resultsList = document.getElementById("map-results-list");
  var resultsCount = document.getElementById("map-results-count");

  function showResults(visible) {
    if (!results) return;
    results.hidden = !visible;
    layout.classList.toggle("has-results", visible);
    map.invalidateSize();
  }

  function resultItem(info) {
    var colour = COLOURS.indexOf(info.colour) >= 0 ? info.colour : "grey";
    var button = el("button", "sm-result");
    button.type = "button";
    button.appendChild(el("strong", "d-block", info.name));
    if (info.address) button.appendChild(el("span", "d-block small text-muted", info.address));
    var line = el("span", "d-flex flex-wrap align-items-center gap-2 mt-1 small");
    line.appendChild(el("span", "level-badge level-" + colour, info.level));
    line.appendChild(el("span", null, gettext("Đánh giá gần nhất") + ": " + (info.last_assessed || gettext("Chưa có"))));
    button.appendChild(line);
    button.addEventListener("click", function () {
      var ll = [info.lat, info.lng];
      map.setView(ll, cfg.maxZoom, { animate: false });
      openPopup(info.id, ll);
      // Under the map on a phone: bring the whole map back into view, popup included.
      var box = map.getContainer().getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) map.getContainer().scrollIntoView({ block: "start" });
    });
    var item = el("li");
    item.appendChild(button);
    return item;
  }

  function search(query) {
    if (!results || !cfg.searchUrl) return;
    if (!new URLSearchParams(query).get("q")) { showResults(false); return; }
    fetch(cfg.searchUrl + "?" + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        resultsList.replaceChildren();
        data.results.forEach(function (info) { resultsList.appendChild(resultItem(info)); });
        var text = data.n
          ? interpolate(gettext("%s cơ sở phù hợp"), [data.n.toLocaleString("vi-VN")])
          : gettext("Không tìm thấy cơ sở nào.");
        if (data.n > data.results.length) {
          text += " " + interpolate(gettext("(hiện %s đầu tiên, hãy gõ thêm để thu hẹp)"), [data.results.length]);
        }
        resultsCount.textContent = text;
        showResults(true);
      })
      .catch(function () {
        resultsList.replaceChildren();
        resultsCount.textContent = gettext("Không tải được kết quả tìm kiếm.");
        showResults(true);
      });
  }

  /* Filters folded behind one button on a phone, so the map is on the first screen. */
  var toggle = document.getElementById("map-filters-toggle");
  var more = document.getElementById("map-filters-more");

  function countFilters() {
    if (!toggle || !more) return;
    var n = 0;
    more.querySelectorAll("select").forEach(function (s) { if (s.value) n++; });
    toggle.querySelector("[data-filter-count]").textContent = n ? " (" + n + ")" : "";
  }

  if (toggle && more) {
    toggle.addEventListener("click", function () {
      var open = !more.classList.contains("is-open");
      more.classList.toggle("is-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      map.invalidateSize();
    });
    more.addEventListener("change", countFilters);
    countFilters();
  }

  /* Địa bàn: the page lists provinces only; a province's communes are fetched when chosen. */
  var unitSelect = form && form.querySelector("select[name=unit]");
  var communeSelect = form && form.querySelector("select[name=commune]");

  function loadCommunes() {
    var keep = communeSelect.options[0];
    communeSelect.replaceChildren(keep);
    communeSelect.disabled = !unitSelect.value;
    if (!unitSelect.value) return;
    fetch(cfg.unitsUrl.replace(/\/0\/$/, "/" + unitSelect.value + "/"), { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        data.units.forEach(function (u) {
          var option = el("option", null, u[1]);
          option.value = String(u[0]);
          communeSelect.appendChild(option);
        });
      })
      .catch(function () { communeSelect.disabled = true; });
  }

  if (unitSelect && communeSelect && cfg.unitsUrl) {
    communeSelect.disabled = !unitSelect.value;
    unitSelect.addEventListener("change", loadCommunes);
  }

  function load() {
    var query = params().toString();
    search(query);
    setStatus(gettext("Đang tải bản đồ…"));
    return fetch(cfg.dataUrl + (query ? "?" + query : ""), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        performance.mark("sm-data");
        var decoded = decode(data);
        performance.mark("sm-decoded");
        showCounts(decoded.counts);
        index = new Supercluster({
          radius: 60, maxZoom: 12, minPoints: 3,
          map: function (p) { return { n0: p.c === 0 ? 1 : 0, n1: p.c === 1 ? 1 : 0, n2: p.c === 2 ? 1 : 0, n3: p.c === 3 ? 1 : 0 }; },
          reduce: function (a, b) { a.n0 += b.n0; a.n1 += b.n1; a.n2 += b.n2; a.n3 += b.n3; }
        }).load(decoded.points);
        performance.mark("sm-indexed");
        setStatus(data.n ? data.n.toLocaleString("vi-VN") + gettext(" cơ sở trên bản đồ") : gettext("Không có cơ sở nào phù hợp."));
        render();
      })
      .catch(function () { setStatus("Không tải được dữ liệu bản đồ. Vui lòng thử lại."); });
  }

  map.on("moveend", render);
  // A handle for the browser tests and for debugging in the console.
  window.safemap = { map: map, reload: load };
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = params().toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
      load();
    });
  }
  load();
})();
