// The fill page: every change is sent to the server as it happens. Changes not yet
// confirmed are kept in localStorage and photos in IndexedDB, so a lost connection or a
// closed browser loses nothing; they are retried with back-off and when the browser comes
// back online.
(function () {
  "use strict";
  var root = document.getElementById("fill");
  if (!root) return;
  var T = JSON.parse(document.getElementById("fill-text").textContent);
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  var KEY = "safemap:pending:" + root.dataset.assessment;
  var MAX_EDGE = 1600;
  var pending = load();
  var uploads = 0;
  var offline = false;
  var flushing = null;
  var again = false;
  var retryTimer = null;
  var retryDelay = 2000;
  var noteTimers = {};

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function persist() {
    try {
      if (Object.keys(pending).length) localStorage.setItem(KEY, JSON.stringify(pending));
      else localStorage.removeItem(KEY);
    } catch (e) { /* private mode: the in-memory queue still works */ }
  }
  function url(template, id) { return template.replace(/\/0\/(anh\/)?$/, "/" + id + "/$1"); }
  function itemEl(id) { return root.querySelector('[data-item="' + id + '"]'); }
  function setState(id, text, cls) {
    var el = itemEl(id);
    if (!el) return;
    var s = el.querySelector(".save-state");
    s.textContent = text;
    s.className = "save-state small ms-auto " + (cls || "");
  }
  function showError(id, text) {
    var el = itemEl(id);
    if (!el) return;
    el.querySelector(".item-error").textContent = text || "";
    if (!text) markValid(el);
  }
  // What Hoàn thành found missing on an item holds until the item changes.
  function markValid(el) {
    el.classList.remove("is-invalid");
    Array.prototype.forEach.call(el.querySelectorAll("[aria-invalid]"), function (input) {
      input.removeAttribute("aria-invalid");
    });
    // ...and so does its line in the summary: a fixed item no longer says "Chưa thể hoàn thành".
    var summary = document.getElementById("complete-problems");
    if (!summary) return;
    Array.prototype.forEach.call(summary.querySelectorAll("a.problem-link"), function (link) {
      if (link.getAttribute("href") === "#" + el.id) link.closest("li").remove();
    });
    if (!summary.querySelector("a.problem-link")) summary.hidden = true;
  }
  function goToItem(el) {
    el.scrollIntoView({ block: "center" });
    var input = el.querySelector("input[name=met], input[type=radio]:checked, input[type=radio]");
    if (input) input.focus({ preventScroll: true });
  }
  function setGlobal() {
    var bar = document.getElementById("save-status");
    var busy = Object.keys(pending).length > 0 || uploads > 0;
    bar.textContent = offline ? T.offline : busy ? T.working : T.allSaved;
    bar.className = "save-status small " + (offline ? "is-offline" : busy ? "is-busy" : "is-saved");
  }
  function isJson(r) { return (r.headers.get("content-type") || "").indexOf("application/json") === 0; }
  function post(target, body) {
    return fetch(target, { method: "POST", body: body, headers: { "X-CSRFToken": csrf }, credentials: "same-origin" });
  }

  function queue(id, field, value) {
    (pending[id] = pending[id] || {})[field] = value;
    persist();
    setState(id, T.pending, "text-muted");
    setGlobal();
  }
  function dropSaved(id, snap) {
    var p = pending[id];
    if (!p) return;
    Object.keys(snap).forEach(function (k) { if (p[k] === snap[k]) delete p[k]; });
    if (!Object.keys(p).length) delete pending[id];
    persist();
  }

  function saveOne(id) {
    var snap = Object.assign({}, pending[id]);
    var body = new FormData();
    Object.keys(snap).forEach(function (k) { body.append(k, snap[k]); });
    setState(id, T.saving, "text-muted");
    return post(url(root.dataset.saveUrl, id), body).then(function (r) {
      if (r.ok && isJson(r)) {
        dropSaved(id, snap);
        setState(id, T.saved, "text-success");
        showError(id, "");
        return true;
      }
      if (!isJson(r) || r.status >= 500) {
        setState(id, r.redirected ? T.login : T.retry, "text-warning");
        return false;
      }
      return r.json().then(function (data) {
        // Refused (signed, invalid): retrying cannot help, so say why and drop it.
        dropSaved(id, snap);
        setState(id, T.error, "text-danger");
        showError(id, data.error);
        return true;
      });
    }, function () {
      setState(id, T.retry, "text-warning");
      return false;
    });
  }

  // One flush at a time, so two saves of the same item can never arrive out of order.
  function flush() {
    if (flushing) { again = true; return flushing; }
    clearTimeout(retryTimer);
    flushing = Promise.all(Object.keys(pending).map(saveOne)).then(function (results) {
      flushing = null;
      offline = results.indexOf(false) !== -1;
      if (offline) {
        retryTimer = setTimeout(flush, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30000);
      } else {
        retryDelay = 2000;
      }
      setGlobal();
      if (again) { again = false; return flush(); }
    });
    return flushing;
  }

  function resized(file) {
    if (!window.createImageBitmap) return Promise.resolve({ blob: file, name: file.name });
    // createImageBitmap applies the EXIF orientation, so the canvas copy is upright.
    return createImageBitmap(file).then(function (bmp) {
      var scale = Math.min(1, MAX_EDGE / Math.max(bmp.width, bmp.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bmp.width * scale);
      canvas.height = Math.round(bmp.height * scale);
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(bmp, 0, 0, canvas.width, canvas.height);
      if (bmp.close) bmp.close();
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve(blob ? { blob: blob, name: file.name.replace(/\.[^.]*$/, "") + ".jpg" } : { blob: file, name: file.name });
        }, "image/jpeg", 0.85);
      });
    }, function () {
      return { blob: file, name: file.name }; // not decodable here: the server will say why
    });
  }

  function thumb(data) {
    var box = document.createElement("div");
    box.className = "photo-thumb";
    var a = document.createElement("a");
    a.href = data.url; a.target = "_blank"; a.rel = "noopener";
    var img = document.createElement("img");
    img.src = data.thumb; img.alt = T.photoAlt;
    a.appendChild(img);
    var del = document.createElement("button");
    del.type = "button"; del.className = "photo-del"; del.dataset.url = data["delete"];
    del.setAttribute("aria-label", T.deletePhoto); del.textContent = "×";
    box.appendChild(a); box.appendChild(del);
    return box;
  }

  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  // Photos not yet on the server wait in IndexedDB (localStorage cannot hold images), so a
  // page closed while offline loses none; the next visit sends them. Without IndexedDB
  // (some private modes) they wait in memory only.
  var photoStore = (function () {
    var opened = null;
    function db() {
      if (!opened) {
        opened = new Promise(function (resolve, reject) {
          var req = indexedDB.open("safemap", 1);
          req.onupgradeneeded = function () { req.result.createObjectStore("photos", { keyPath: "key" }); };
          req.onsuccess = function () { resolve(req.result); };
          req.onerror = function () { reject(req.error); };
        });
      }
      return opened;
    }
    function run(mode, fn) {
      return db().then(function (d) {
        return new Promise(function (resolve, reject) {
          var tx = d.transaction("photos", mode);
          var req = fn(tx.objectStore("photos"));
          tx.oncomplete = function () { resolve(req.result); };
          tx.onerror = function () { reject(tx.error); };
        });
      }).catch(function () { return null; });
    }
    return {
      put: function (rec) { return run("readwrite", function (s) { return s.put(rec); }); },
      remove: function (key) { return run("readwrite", function (s) { return s["delete"](key); }); },
      mine: function () {
        return run("readonly", function (s) { return s.getAll(); }).then(function (all) {
          return (all || []).filter(function (r) { return r.assessment === root.dataset.assessment; });
        });
      },
    };
  })();

  function placeholderFor(id, text) {
    var placeholder = document.createElement("div");
    placeholder.className = "photo-thumb uploading";
    placeholder.textContent = text;
    itemEl(id).querySelector(".photos").appendChild(placeholder);
    return placeholder;
  }

  function uploadPhoto(id, file) {
    var placeholder = placeholderFor(id, T.uploading);
    uploads++;
    setGlobal();
    return resized(file).then(function (r) {
      var rec = {
        key: root.dataset.assessment + ":" + Date.now() + ":" + Math.random(),
        assessment: root.dataset.assessment, item: id, blob: r.blob, name: r.name,
      };
      return photoStore.put(rec).then(function () { return sendPhoto(rec, placeholder); });
    });
  }

  // Sends until the server answers; the stored copy goes only once it has. Sending the same
  // photo twice (an answer lost on the way) stores it once: the server knows it by content.
  function sendPhoto(rec, placeholder) {
    var id = rec.item;
    var wait = 2000;
    function attempt() {
      var body = new FormData();
      body.append("photo", rec.blob, rec.name);
      return post(url(root.dataset.photoUrl, id), body).then(function (resp) {
        if (!isJson(resp) || resp.status >= 500) return null;
        return resp.json().then(function (data) { return { ok: resp.ok, data: data }; });
      }, function () { return null; }).then(function (res) {
        if (res && res.ok) {
          var shown = itemEl(id).querySelector('.photo-del[data-url="' + res.data["delete"] + '"]');
          if (shown) placeholder.remove();
          else placeholder.replaceWith(thumb(res.data));
          setState(id, T.photoSaved, "text-success");
          showError(id, "");
          return photoStore.remove(rec.key);
        }
        if (res) { placeholder.remove(); showError(id, res.data.error); return photoStore.remove(rec.key); }
        offline = true;
        placeholder.textContent = T.photoRetry;
        setGlobal();
        return sleep(wait).then(function () { wait = Math.min(wait * 2, 30000); return attempt(); });
      });
    }
    return attempt().then(function () { uploads--; offline = false; setGlobal(); });
  }

  root.addEventListener("change", function (ev) {
    var t = ev.target;
    var item = t.closest("[data-item]");
    if (!item) return;
    var id = item.dataset.item;
    if (t.name === "met") { queue(id, "met", t.checked ? "1" : "0"); flush(); }
    else if (t.type === "radio") { queue(id, "option", t.value); flush(); }
    else if (t.classList.contains("photo-input")) {
      Array.prototype.forEach.call(t.files, function (f) { uploadPhoto(id, f); });
      t.value = "";
    }
  });
  root.addEventListener("input", function (ev) {
    var t = ev.target;
    if (!t.classList.contains("note")) return;
    var id = t.closest("[data-item]").dataset.item;
    queue(id, "note", t.value);
    clearTimeout(noteTimers[id]);
    noteTimers[id] = setTimeout(flush, 700);
  });
  root.addEventListener("focusout", function (ev) {
    if (ev.target.classList.contains("note") && Object.keys(pending).length) flush();
  });
  root.addEventListener("click", function (ev) {
    var t = ev.target.closest(".note-toggle, .photo-del");
    if (!t) return;
    if (t.classList.contains("note-toggle")) {
      var note = t.closest("[data-item]").querySelector(".note");
      note.classList.toggle("d-none");
      if (!note.classList.contains("d-none")) note.focus();
    } else if (t.classList.contains("photo-del")) {
      if (!window.confirm(T.confirmDelete)) return;
      post(t.dataset.url, new FormData()).then(function (r) {
        if (r.ok) t.closest(".photo-thumb").remove();
        else if (isJson(r)) r.json().then(function (d) { showError(t.closest("[data-item]").dataset.item, d.error); });
      });
    }
  });
  window.addEventListener("online", flush);

  // Hoàn thành's list of what is missing: each line leads to its item.
  var problems = document.getElementById("complete-problems");
  if (problems) {
    problems.addEventListener("click", function (ev) {
      var link = ev.target.closest("a.problem-link");
      var el = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!el) return;
      ev.preventDefault();
      goToItem(el);
    });
    problems.focus();
  }

  // Hoàn thành only after everything entered is on the server.
  var form = document.getElementById("complete-form");
  form.addEventListener("submit", function (ev) {
    if (form.dataset.ready) return;
    ev.preventDefault();
    var msg = document.getElementById("complete-msg");
    var button = form.querySelector("button");
    button.disabled = true;
    msg.textContent = T.finishing;
    var deadline = Date.now() + 20000;
    (function waitSaved() {
      Promise.resolve(flush()).then(function () {
        var done = !Object.keys(pending).length && uploads === 0;
        if (done) { form.dataset.ready = "1"; form.submit(); return; }
        if (Date.now() > deadline || offline) { msg.textContent = T.notSaved; button.disabled = false; return; }
        setTimeout(waitSaved, 300);
      });
    })();
  });

  // Changes saved on this device but not yet on the server (closed while offline).
  Object.keys(pending).forEach(function (id) {
    var el = itemEl(id);
    if (!el) { delete pending[id]; return; }
    var p = pending[id];
    if ("met" in p) el.querySelector("input[name=met]").checked = p.met === "1";
    if ("option" in p) {
      var radio = el.querySelector('input[type=radio][value="' + p.option + '"]');
      if (radio) radio.checked = true;
    }
    if ("note" in p) {
      var note = el.querySelector(".note");
      note.value = p.note;
      note.classList.remove("d-none");
    }
  });
  persist();
  setGlobal();
  if (Object.keys(pending).length) flush();
  photoStore.mine().then(function (recs) {
    recs.forEach(function (rec) {
      if (!itemEl(rec.item)) { photoStore.remove(rec.key); return; }
      uploads++;
      setGlobal();
      sendPhoto(rec, placeholderFor(rec.item, T.uploading));
    });
  });
})();
