// SafeMap's service worker. self.SAFEMAP (prepended by the view at /sw.js) names the assets
// to keep and the texts to show. Pages are fetched from the network first and kept only when
// the server marked them as a facility's own (X-SafeMap-Offline: the account), so an
// officer's page or another account's data is never kept; the vendored assets come from the
// cache first. The outbox (outbox-core.js) is drained here too, by Background Sync.
"use strict";
var C = self.SAFEMAP;
importScripts(C.core);
var STATIC = "safemap-static-" + C.version;
var PAGES = "safemap-pages";
var OWNER = "/__safemap_owner__";
var START = new RegExp("^" + C.startPattern + "$");

self.addEventListener("install", function (ev) {
  ev.waitUntil(caches.open(STATIC).then(function (c) { return c.addAll(C.assets); }).then(function () { return self.skipWaiting(); }));
});
// After a deploy the pages kept offline still name the assets they were served with: the
// previous set of assets stays until the one before it (keys come in the order they were made).
self.addEventListener("activate", function (ev) {
  ev.waitUntil(caches.keys().then(function (keys) {
    var sets = keys.filter(function (k) { return k.indexOf("safemap-static-") === 0 && k !== STATIC; });
    return Promise.all(sets.slice(0, -1).map(function (k) { return caches["delete"](k); }));
  }).then(function () { return self.clients.claim(); }));
});

function html(text) {
  var page = '<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>SafeMap</title><body style="font-family:system-ui,sans-serif;padding:1rem"><p><strong>' + text + '</strong></p>' +
    '<p><a href="' + C.home + '">' + C.back + "</a></p></body></html>";
  return new Response(page, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}
function pathOf(url) { var u = new URL(url); return u.pathname; }

// Pages belong to one account: keeping a page for another account first drops the last one's.
function keep(request, response) {
  var owner = response.headers.get("X-SafeMap-Offline");
  if (!owner || !response.ok || response.redirected) return Promise.resolve();
  var copy = response.clone();
  return caches.open(PAGES).then(function (c) {
    return c.match(OWNER).then(function (mark) {
      return mark ? mark.text() : null;
    }).then(function (prev) {
      var reset = prev !== null && prev !== owner ? caches["delete"](PAGES).then(function () { return caches.open(PAGES); }) : Promise.resolve(c);
      return reset.then(function (cache) {
        return Promise.all([cache.put(OWNER, new Response(owner)), cache.put(pathOf(request.url), copy)]);
      });
    });
  });
}
function forget(url) { return caches.open(PAGES).then(function (c) { return c["delete"](pathOf(url)); }); }

// The pages this worker answered from its cache, by client: the page asks, and says
// "Đang ngoại tuyến" even where navigator.onLine does not know the connection is gone.
var fromCache = new Set();

function page(request, clientId) {
  return fetch(request).then(function (response) {
    if (response.headers.get("X-SafeMap-Offline")) keep(request, response);
    else if (response.redirected || response.status === 404) forget(request.url);
    return response;
  }, function () {
    return caches.open(PAGES).then(function (c) { return c.match(pathOf(request.url)); }).then(function (hit) {
      if (hit) { if (clientId) fromCache.add(clientId); return hit; }
      if (request.mode === "navigate") return html(C.offlinePage);
      return Response.error();
    });
  });
}
function asset(request) {
  return caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (response) {
      // Only into a cache that is still there: after a logout nothing is kept again.
      if (response.ok) {
        var copy = response.clone();
        caches.has(STATIC).then(function (has) { return has && caches.open(STATIC).then(function (c) { return c.put(request, copy); }); });
      }
      return response;
    });
  });
}
// The folder's checklist button is a POST (it starts a draft); with no connection the
// draft already under way is opened instead, as the server would have done.
function start(request) {
  return fetch(request.clone()).catch(function () {
    return caches.open(PAGES).then(function (c) { return c.match("/__safemap_starts__"); }).then(function (hit) {
      return hit ? hit.json() : {};
    }).then(function (starts) {
      var to = starts[pathOf(request.url)];
      return to ? Response.redirect(to, 303) : html(C.offlineStart);
    });
  });
}

self.addEventListener("fetch", function (ev) {
  var req = ev.request;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.method === "POST" && START.test(url.pathname)) { ev.respondWith(start(req)); return; }
  if (req.method !== "GET") return;
  if (url.pathname.indexOf(C.staticUrl) === 0) { ev.respondWith(asset(req)); return; }
  if (url.pathname === "/sw.js") return;
  ev.respondWith(page(req, req.mode === "navigate" ? ev.resultingClientId : null));
});

// The home page, online, names what to keep: the official path and each open draft.
// Not again within ten minutes for the same plan and assets: a repeat visit of the home page
// would otherwise fetch the whole path each time.
var WARM = "/__safemap_warmed__";
function warm(plan) {
  var mark = C.version + JSON.stringify(plan);
  return caches.open(PAGES).then(function (c) {
    return c.match(WARM).then(function (hit) { return hit ? hit.json() : null; }).then(function (last) {
      if (last && last.mark === mark && Date.now() - last.at < 600000) return;
      return Promise.all((plan.pages || []).map(function (u) {
        return fetch(u, { credentials: "same-origin" }).then(function (r) { return keep(new Request(u), r); }, function () {});
      })).then(function () {
        return caches.open(PAGES).then(function (cache) {
          return Promise.all([
            cache.put("/__safemap_starts__", new Response(JSON.stringify(plan.starts || {}))),
            cache.put(WARM, new Response(JSON.stringify({ mark: mark, at: Date.now() }))),
          ]);
        });
      });
    });
  });
}
function wipe() {
  return caches.keys().then(function (keys) { return Promise.all(keys.map(function (k) { return caches["delete"](k); })); })
    .then(function () { return self.SafeMapOutbox.clear(); });
}
self.addEventListener("message", function (ev) {
  var d = ev.data || {};
  if (d.type === "state") {
    var id = ev.source && ev.source.id;
    if (ev.ports[0]) ev.ports[0].postMessage({ fromCache: fromCache.has(id) });
    fromCache["delete"](id);
    return;
  }
  var done = d.type === "warm" ? warm(d.plan) : d.type === "wipe" ? wipe() : d.type === "drain" ? self.SafeMapOutbox.drain() : null;
  if (done) ev.waitUntil(done.then(function () { if (ev.ports[0]) ev.ports[0].postMessage("done"); }));
});
// Background Sync (Chromium): the outbox is sent when the connection returns, page or no page.
self.addEventListener("sync", function (ev) {
  if (ev.tag === "safemap-outbox") {
    ev.waitUntil(self.SafeMapOutbox.drain().then(function (report) {
      if (report.stopped === "retry") throw new Error("offline"); // the browser tries again later
    }));
  }
});
