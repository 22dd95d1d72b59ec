// The fill page's wiring: inputs into the outbox, the outbox sent in order (on load, when the
// connection returns, on "Gửi ngay", by Background Sync), Hoàn thành online or offline.
import { outbox } from "./outbox.js";
import { placeholder, resized, thumb } from "./photos.js";
import { applyQueued, itemEl, queueAnswer, setState, showError } from "./saves.js";
import { backToEditing, completeOffline, showSigned, signOffline } from "./offline-result.js";

const root = document.getElementById("fill");
const app = window.SafeMapApp;
const ctx = {
  root,
  T: JSON.parse(document.getElementById("fill-text").textContent),
  doc: JSON.parse(document.getElementById("fill-scoring").textContent),
  csrf: root.querySelector("input[name=csrfmiddlewaretoken]").value,
  assessment: root.dataset.assessment,
  saveUrl: root.dataset.saveUrl,
  photoUrl: root.dataset.photoUrl,
  signUrl: root.dataset.signUrl,
};
// A checklist opened offline with no draft (fill_blank): nothing exists on the server yet.
// The first change queues a "start" item; every change waits behind it under a placeholder
// id, and this page takes the draft's id once the server has answered the start.
const blankTemplate = root.dataset.startUrl ? Number(root.dataset.template) : null;
let beginning = null;
if (blankTemplate !== null) ctx.assessment = "new-" + blankTemplate + "-" + outbox.uuid();
// Started offline earlier and not sent yet: this page goes on with that start's changes.
const resumed = blankTemplate === null ? Promise.resolve(null) : outbox.all().then((recs) => {
  const q = recs.find((r) => r.kind === "start" && r.template === blankTemplate && r.state === "waiting");
  if (q) ctx.assessment = q.assessment;
  return q || null;
}, () => null);
ctx.begin = () => {
  if (blankTemplate === null) return Promise.resolve();
  if (!beginning) {
    beginning = resumed.then((q) => q || (outbox.isPlaceholder(ctx.assessment) ? outbox.add({
      kind: "start", assessment: ctx.assessment, template: blankTemplate, url: root.dataset.startUrl, csrf: ctx.csrf,
    }) : null));
  }
  return beginning;
};

function switchTo(id) {
  const real = "/danh-gia/" + id + "/";
  const swap = (u) => u.replace(/^\/danh-gia\/0\//, real);
  ctx.assessment = String(id);
  ctx.saveUrl = swap(ctx.saveUrl);
  ctx.photoUrl = swap(ctx.photoUrl);
  ctx.signUrl = swap(ctx.signUrl);
  const done = document.getElementById("complete-form");
  done.action = swap(new URL(done.action).pathname);
  history.replaceState(null, "", real + "dien/");
}
function placeholderStarted(recs) {
  if (!outbox.isPlaceholder(ctx.assessment)) return;
  const map = recs.find((r) => r.kind === "map" && r.placeholder === ctx.assessment);
  if (map) switchTo(map.id);
}
const noteTimers = {};
let waiting = 0;
let retryTimer = null;
let retryDelay = 2000;

function setGlobal(offline) {
  const bar = document.getElementById("save-status");
  bar.textContent = offline ? ctx.T.offline : waiting ? ctx.T.working : ctx.T.allSaved;
  bar.className = "save-status small " + (offline ? "is-offline" : waiting ? "is-busy" : "is-saved");
}

// What the server said about one item of this page's outbox (whoever sent it: this page,
// another page, or the service worker).
function onResult(rec, res) {
  if (rec.kind === "start" && rec.assessment === ctx.assessment && res.outcome === "sent") { switchTo(res.data.id); return; }
  if (rec.assessment !== ctx.assessment) return;
  if (rec.kind === "answer") {
    if (res.outcome === "sent") { setState(ctx, rec.item, ctx.T.saved, "text-success"); showError(ctx, rec.item, ""); }
    else if (res.outcome === "refused") { setState(ctx, rec.item, ctx.T.error, "text-danger"); showError(ctx, rec.item, res.data.error); }
    // Still on the device, safe: it goes with the rest when the connection returns.
    else if (res.outcome === "login") setState(ctx, rec.item, ctx.T.login, "text-warning");
    else setState(ctx, rec.item, ctx.T.queued, "text-muted");
  } else if (rec.kind === "photo") {
    const box = root.querySelector('.photo-thumb[data-key="' + rec.key + '"]');
    if (res.outcome === "sent") {
      const shown = itemEl(ctx, rec.item).querySelector('.photo-del[data-url="' + res.data["delete"] + '"]');
      if (shown) box?.remove(); else box?.replaceWith(thumb(res.data, ctx.T));
      setState(ctx, rec.item, ctx.T.photoSaved, "text-success");
      showError(ctx, rec.item, "");
    } else if (res.outcome === "refused") {
      box?.remove();
      showError(ctx, rec.item, res.data.error);
    } else if (box) box.querySelector(".photo-state").textContent = ctx.T.photoRetry;
  } else if (rec.kind === "sign") {
    if (res.outcome === "sent") showSigned(ctx, { state: "sent" }, res.data);
    else if (res.outcome === "refused") showSigned(ctx, { state: "failed", error: res.data.error });
  }
}

async function flush() {
  clearTimeout(retryTimer);
  const report = app ? await app.sendNow() : await outbox.drain();
  const recs = await outbox.all().catch(() => []);
  placeholderStarted(recs);
  waiting = recs.filter((r) => r.state === "waiting" && r.assessment === ctx.assessment).length;
  const offline = !!(report && report.stopped);
  if (offline && report.stopped === "retry") {
    retryTimer = setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  } else retryDelay = 2000;
  setGlobal(offline && waiting > 0);
  return { waiting, report };
}

async function change(id, fields) {
  await ctx.begin();
  await queueAnswer(ctx, id, fields);
  waiting++;
  setGlobal(false);
  flush();
}

async function addPhoto(id, file) {
  const r = await resized(file);
  await ctx.begin();
  const rec = await outbox.add({
    kind: "photo", assessment: ctx.assessment, item: id, blob: r.blob, name: r.name,
    url: ctx.photoUrl.replace(/\/0\/anh\/$/, "/" + id + "/anh/"), csrf: ctx.csrf,
  });
  placeholder(itemEl(ctx, id), rec, ctx.T.uploading);
  flush();
}

function noteNow(id) {
  if (!(id in noteTimers)) return;
  clearTimeout(noteTimers[id]);
  delete noteTimers[id];
  change(id, { note: itemEl(ctx, id).querySelector(".note").value });
}

root.addEventListener("change", (ev) => {
  const t = ev.target;
  const item = t.closest("[data-item]");
  if (!item) return;
  const id = Number(item.dataset.item);
  if (t.name === "met") change(id, { met: t.checked ? "1" : "0" });
  else if (t.type === "radio") change(id, { option: t.value });
  else if (t.classList.contains("photo-input")) {
    Array.from(t.files).forEach((f) => addPhoto(id, f));
    t.value = "";
  }
});
root.addEventListener("input", (ev) => {
  const t = ev.target;
  if (!t.classList.contains("note")) return;
  const id = Number(t.closest("[data-item]").dataset.item);
  setState(ctx, id, ctx.T.pending, "text-muted");
  clearTimeout(noteTimers[id]);
  noteTimers[id] = setTimeout(() => noteNow(id), 700);
});
root.addEventListener("focusout", (ev) => {
  if (ev.target.classList.contains("note")) noteNow(Number(ev.target.closest("[data-item]").dataset.item));
});
// A note typed just before the page is closed still goes into the outbox.
window.addEventListener("pagehide", () => Object.keys(noteTimers).forEach((id) => noteNow(Number(id))));
root.addEventListener("click", (ev) => {
  const t = ev.target.closest(".note-toggle, .photo-del");
  if (!t) return;
  if (t.classList.contains("note-toggle")) {
    const note = t.closest("[data-item]").querySelector(".note");
    note.classList.toggle("d-none");
    if (!note.classList.contains("d-none")) note.focus();
  } else if (window.confirm(ctx.T.confirmDelete)) {
    const body = new FormData();
    fetch(t.dataset.url, { method: "POST", body, headers: { "X-CSRFToken": ctx.csrf }, credentials: "same-origin" }).then((r) => {
      if (r.ok) t.closest(".photo-thumb").remove();
      else if ((r.headers.get("content-type") || "").startsWith("application/json")) {
        r.json().then((d) => showError(ctx, t.closest("[data-item]").dataset.item, d.error));
      }
    }, () => showError(ctx, t.closest("[data-item]").dataset.item, ctx.T.retry));
  }
});
window.addEventListener("online", flush);
if (typeof BroadcastChannel === "function") {
  new BroadcastChannel("safemap-outbox").addEventListener("message", (ev) => {
    const d = ev.data;
    if (d.type === "result") onResult(d, { outcome: d.outcome, data: d.data });
  });
}

// Hoàn thành's list of what is missing: each line leads to its item.
document.addEventListener("click", (ev) => {
  const link = ev.target.closest("#complete-problems a.problem-link");
  const el = link && document.getElementById(link.getAttribute("href").slice(1));
  if (!el) return;
  ev.preventDefault();
  el.scrollIntoView({ block: "center" });
  const input = el.querySelector("input[name=met], input[type=radio]:checked, input[type=radio]");
  if (input) input.focus({ preventScroll: true });
});
document.getElementById("complete-problems")?.focus();

// Hoàn thành: on the server once everything entered is there; with no connection, here.
const form = document.getElementById("complete-form");
form.addEventListener("submit", async (ev) => {
  if (form.dataset.ready) return;
  ev.preventDefault();
  Object.keys(noteTimers).forEach((id) => noteNow(Number(id)));
  const msg = document.getElementById("complete-msg");
  const button = form.querySelector("button");
  button.disabled = true;
  msg.textContent = ctx.T.finishing;
  const done = navigator.onLine ? await flush() : { waiting: 1, report: { stopped: "retry" } };
  button.disabled = false;
  msg.textContent = "";
  if (!done.waiting) { form.dataset.ready = "1"; form.submit(); return; }
  if (done.report && done.report.stopped === "login") { msg.textContent = ctx.T.login; return; }
  completeOffline(ctx);
});
document.getElementById("offline-edit").addEventListener("click", backToEditing);
document.getElementById("offline-sign").addEventListener("click", async () => {
  await signOffline(ctx);
  flush();
});

// Ticks and notes made before this script ran (a slow connection loads the modules after
// the page is shown): what differs from what the server rendered is queued now.
function earlyChanges() {
  root.querySelectorAll("[data-item]").forEach((el) => {
    const id = Number(el.dataset.item);
    const box = el.querySelector("input[name=met]");
    if (box && box.checked !== box.defaultChecked) change(id, { met: box.checked ? "1" : "0" });
    const radio = el.querySelector("input[type=radio]:checked");
    if (radio && !radio.defaultChecked) change(id, { option: radio.value });
    const note = el.querySelector(".note");
    if (note.value !== note.defaultValue) change(id, { note: note.value });
  });
}

async function init() {
  await resumed;
  earlyChanges();
  let recs = [];
  try { recs = await outbox.all(); } catch (e) { /* no IndexedDB: changes are sent as they are made */ }

  // A page kept offline carries an older token: what waits is sent with this page's.
  await Promise.all(recs.filter((r) => r.state === "waiting" && r.csrf !== ctx.csrf).map((r) => { r.csrf = ctx.csrf; return outbox.put(r); }));
  applyQueued(ctx, recs);
  recs.filter((r) => r.kind === "photo" && r.assessment === ctx.assessment && r.state === "waiting")
    .forEach((r) => placeholder(itemEl(ctx, r.item), r, ctx.T.uploading));
  const signed = recs.filter((r) => r.kind === "sign" && r.assessment === ctx.assessment).pop();
  if (signed) showSigned(ctx, signed);
  waiting = recs.filter((r) => r.state === "waiting" && r.assessment === ctx.assessment).length;
  setGlobal(false);
  if (waiting && navigator.onLine) flush();
  if (!navigator.onLine) setGlobal(waiting > 0);
}
init();
