// The outbox: every change, photo and signature made on this device waits in IndexedDB
// until the server has answered it. Each carries its own idempotency key, so sending one
// twice (an answer lost on the way, the page and the service worker both draining) changes
// nothing on the server. A classic script on purpose: the service worker loads it with
// importScripts (module workers are not everywhere) and the pages import it as a module.
(function (g) {
  "use strict";
  if (g.SafeMapOutbox) return; // loaded twice (a page's module and its hashed copy): one queue
  var DB = "safemap";
  var VERSION = 2;
  var opened = null;
  var counter = 0;
  var draining = null;
  var dirty = false;
  var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("safemap-outbox") : null;

  function db() {
    if (!opened) {
      opened = new Promise(function (resolve, reject) {
        var req = indexedDB.open(DB, VERSION);
        req.onupgradeneeded = function (ev) {
          var d = req.result;
          var outbox = d.createObjectStore("outbox", { keyPath: "key" });
          if (ev.oldVersion >= 1) {
            // Photos kept by the earlier fill page become outbox items, so none is lost.
            var old = req.transaction.objectStore("photos");
            old.openCursor().onsuccess = function (e) {
              var cur = e.target.result;
              if (!cur) { d.deleteObjectStore("photos"); return; }
              var r = cur.value;
              outbox.put({
                key: r.key, seq: nextSeq(), kind: "photo", state: "waiting", assessment: r.assessment,
                item: r.item, blob: r.blob, name: r.name, csrf: "",
                url: "/danh-gia/" + r.assessment + "/muc/" + r.item + "/anh/",
              });
              cur["continue"]();
            };
          }
        };
        req.onsuccess = function () {
          req.result.onversionchange = function () { req.result.close(); opened = null; };
          resolve(req.result);
        };
        req.onerror = function () { reject(req.error); };
      });
    }
    return opened;
  }
  function run(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var tx = d.transaction("outbox", mode);
        var req = fn(tx.objectStore("outbox"));
        tx.oncomplete = function () { resolve(req && req.result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }
  function nextSeq() { counter = (counter + 1) % 1000; return Date.now() * 1000 + counter; }
  function uuid() {
    if (g.crypto && g.crypto.randomUUID) return g.crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  }
  function changed(detail) { if (channel) channel.postMessage(detail || { type: "changed" }); }

  function all() {
    return run("readonly", function (s) { return s.getAll(); }).then(function (recs) {
      return (recs || []).sort(function (a, b) { return a.seq - b.seq; });
    });
  }
  function add(rec) {
    rec.key = rec.key || uuid();
    rec.seq = nextSeq();
    rec.state = "waiting";
    rec.queuedAt = new Date().toISOString();
    dirty = true;
    return run("readwrite", function (s) { return s.put(rec); }).then(function () { changed(); return rec; });
  }
  function put(rec) { return run("readwrite", function (s) { return s.put(rec); }).then(function () { changed(); }); }
  function remove(key) { return run("readwrite", function (s) { return s["delete"](key); }).then(function () { changed(); }); }
  function clear() {
    opened = null;
    return new Promise(function (resolve) {
      var req = indexedDB.deleteDatabase(DB);
      req.onsuccess = req.onerror = req.onblocked = function () { resolve(); };
    });
  }

  function body(rec) {
    var form = new FormData();
    var fields = rec.fields || {};
    Object.keys(fields).forEach(function (k) { form.append(k, fields[k]); });
    if (rec.kind === "photo") form.append("photo", rec.blob, rec.name);
    return form;
  }
  // A page can read the current token (a new login changes it); the worker has the one the
  // page stored with the item, refreshed by every fill page that opens.
  function token(rec) {
    var m = typeof document !== "undefined" && /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
    return m ? decodeURIComponent(m[1]) : rec.csrf || "";
  }
  function isJson(r) { return (r.headers.get("content-type") || "").indexOf("application/json") === 0; }

  // "sent" (the server took it), "refused" (it answered why not: retrying cannot help),
  // "retry" (no connection, a server error) or "login" (the session ended).
  function send(rec) {
    return fetch(rec.url, {
      method: "POST", body: body(rec), credentials: "same-origin",
      headers: { "X-CSRFToken": token(rec), "Idempotency-Key": rec.key },
    }).then(function (r) {
      if (r.ok && isJson(r)) return r.json().then(function (data) { return { outcome: "sent", data: data }; });
      if (r.redirected || r.status === 403) return { outcome: "login" };
      if (!isJson(r) || r.status >= 500) return { outcome: "retry" };
      return r.json().then(function (data) { return { outcome: "refused", data: data }; });
    }, function () { return { outcome: "retry" }; });
  }

  // A checklist started offline with no draft: its changes wait under a placeholder id behind
  // its "start" item, and go to the draft the server answered for it (a "map" record keeps
  // that answer for changes made while the start was on its way). Until then they wait.
  function isPlaceholder(id) { return typeof id === "string" && id.indexOf("new-") === 0; }
  function sendable(rec, started) {
    if (rec.kind === "start" || !isPlaceholder(rec.assessment)) return Promise.resolve(true);
    var id = started[rec.assessment];
    if (!id) return Promise.resolve(false);
    if (id.refused !== undefined) {
      // The server would not start this checklist: what was made for it is kept, marked, with why.
      rec.state = "failed";
      rec.error = id.refused;
      return put(rec).then(function () { return false; });
    }
    rec.assessment = String(id);
    rec.url = rec.url.replace(/^\/danh-gia\/0\//, "/danh-gia/" + id + "/");
    return put(rec).then(function () { return true; });
  }
  function begun(rec, res, started) {
    started[rec.assessment] = res.data.id;
    return put({ key: "map:" + rec.assessment, seq: nextSeq(), kind: "map", state: "done", placeholder: rec.assessment, template: rec.template, id: res.data.id })
      .then(function () { return res; });
  }

  // Once nothing waits under a placeholder, its start's answer is no longer needed.
  function forgetStarts() {
    return all().then(function (recs) {
      var used = {};
      recs.forEach(function (r) { if (r.kind !== "map") used[r.assessment] = true; });
      return Promise.all(recs.filter(function (r) { return r.kind === "map" && !used[r.placeholder]; }).map(function (r) { return remove(r.key); }));
    });
  }

  // One drain at a time, oldest first, so two changes of one item arrive in order. Whoever
  // asks while a drain runs gets that drain, which goes round again for anything added
  // meanwhile, so "sent" always includes what was queued before the question.
  function drain(onEach) {
    if (draining) return draining;
    var report = { sent: 0, refused: 0, stopped: null };
    function pass() {
      dirty = false;
      return all().then(function (recs) {
        var waiting = recs.filter(function (r) { return r.state === "waiting"; });
        var started = {};
        recs.forEach(function (r) {
          if (r.kind === "map") started[r.placeholder] = r.id;
          if (r.kind === "start" && r.state === "failed") started[r.assessment] = { refused: r.error };
        });
        return waiting.reduce(function (prev, rec) {
          return prev.then(function () {
            if (report.stopped) return;
            return sendable(rec, started).then(function (ok) { return ok && send(rec); }).then(function (res) {
              if (!res) return;
              if (rec.kind === "start" && res.outcome === "sent") return begun(rec, res, started);
              return res;
            }).then(function (res) {
              if (!res) return;
              if (onEach) onEach(rec, res);
              changed({ type: "result", key: rec.key, kind: rec.kind, assessment: rec.assessment, item: rec.item, outcome: res.outcome, data: res.data || null });
              if (res.outcome === "sent") { report.sent++; return remove(rec.key); }
              if (res.outcome === "refused") {
                report.refused++;
                if (rec.kind === "start") started[rec.assessment] = { refused: (res.data && res.data.error) || "" };
                // Kept, marked, with the server's reason: nothing the user made disappears unseen.
                rec.state = "failed";
                rec.error = (res.data && res.data.error) || "";
                rec.code = (res.data && res.data.code) || "";
                return put(rec);
              }
              report.stopped = res.outcome;
            });
          });
        }, Promise.resolve());
      }).then(function () { if (dirty && !report.stopped) return pass(); if (!report.stopped) return forgetStarts(); });
    }
    draining = pass().then(function () { draining = null; return report; }, function (e) { draining = null; throw e; });
    return draining;
  }

  g.SafeMapOutbox = { all: all, add: add, put: put, remove: remove, drain: drain, clear: clear, channel: channel, uuid: uuid, isPlaceholder: isPlaceholder };
})(self);
