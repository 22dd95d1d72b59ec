// On every facility page: the service worker, the "Cài đặt ứng dụng" prompt, the
// "Đang ngoại tuyến" state, what waits in the outbox ("Đang chờ gửi: N", what failed and why,
// "Gửi ngay"), the request for persistent storage, and a logout that leaves nothing behind.
import { outbox } from "../fill/outbox.js";

const bar = document.getElementById("app-status");
const $ = (id) => document.getElementById(id);
const listeners = new Set();
let loginNote = null;

export function onOutboxChange(fn) { listeners.add(fn); }

// navigator.onLine alone misses a connection that is up but goes nowhere (a weak signal, a
// captive portal): a page the worker answered from its cache, or a send that could not
// reach the server, also means offline.
let offlineHint = false;
function showOffline() {
  const off = !navigator.onLine || offlineHint;
  $("offline-banner").hidden = !off;
  $("offline-note").hidden = !off;
  document.documentElement.classList.toggle("is-offline", off);
  tidy();
}

// The bar takes no room when it has nothing to say.
function tidy() {
  const shown = ["offline-banner", "outbox-status", "install-app", "storage-warning", "outbox-failures"].some((id) => !$(id).hidden);
  bar.hidden = !shown && !loginNote;
}

export async function refreshOutbox() {
  let recs = [];
  try { recs = await outbox.all(); } catch (e) { /* no IndexedDB (private mode): nothing waits */ }
  const waiting = recs.filter((r) => r.state === "waiting");
  const failed = recs.filter((r) => r.state === "failed");
  $("outbox-count").textContent = String(waiting.length);
  $("outbox-status").hidden = !waiting.length;
  $("outbox-send").hidden = !waiting.length;
  const list = $("outbox-failures");
  list.replaceChildren(...failed.map((r) => {
    const li = document.createElement("li");
    li.className = "outbox-failure";
    li.textContent = $("outbox-failure-text").innerHTML + ": " + (r.error || "") + " ";
    // Read and dismissed by the clerk: the server's draft already holds what it accepted.
    const dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.className = "btn btn-link btn-sm p-0 align-baseline outbox-dismiss";
    dismiss.textContent = $("outbox-dismiss-text").innerHTML;
    dismiss.addEventListener("click", () => outbox.remove(r.key).then(refreshOutbox));
    li.appendChild(dismiss);
    return li;
  }));
  list.hidden = !failed.length;
  tidy();
  listeners.forEach((fn) => fn(recs));
  return recs;
}

export async function sendNow(onEach) {
  let report = null;
  try { report = await outbox.drain(onEach); } catch (e) { return null; }
  if (report.stopped === "login" && !loginNote) {
    loginNote = document.createElement("p");
    loginNote.className = "container small text-danger mb-1";
    loginNote.setAttribute("role", "alert");
    loginNote.textContent = $("outbox-login-text").innerHTML;
    bar.appendChild(loginNote);
    tidy();
  }
  if (report.stopped === "retry") { askForSync(); offlineHint = true; showOffline(); }
  else if (report.sent && offlineHint) { offlineHint = false; showOffline(); }
  const recs = await refreshOutbox();
  // For tests and the benchmark: when the last send ended and what it left.
  document.documentElement.dataset.outboxSent = String(report.sent);
  document.documentElement.dataset.outboxLeft = String(recs.length);
  return report;
}

function askForSync() {
  // Background Sync where the browser has it (not iOS Safari, not Firefox): the worker sends
  // the outbox when the connection returns, even with every page closed.
  navigator.serviceWorker?.ready.then((reg) => reg.sync && reg.sync.register("safemap-outbox")).catch(() => {});
}

async function storage() {
  const warn = $("storage-warning");
  if (!navigator.storage) return;
  try {
    const persisted = (await navigator.storage.persisted?.()) || (await navigator.storage.persist?.());
    const est = navigator.storage.estimate ? await navigator.storage.estimate() : null;
    const free = est && est.quota ? est.quota - est.usage : Infinity;
    if (free < 50 * 1024 * 1024) { warn.textContent = warn.dataset.low; warn.hidden = false; }
    else if (!persisted && (await outbox.all()).length) { warn.textContent = warn.dataset.refused; warn.hidden = false; }
    tidy();
  } catch (e) { /* not offered here */ }
}

let installEvent = null;
window.addEventListener("beforeinstallprompt", (ev) => {
  ev.preventDefault();
  installEvent = ev;
  $("install-app").hidden = false;
  tidy();
});
$("install-app").addEventListener("click", async () => {
  if (!installEvent) return;
  installEvent.prompt();
  await installEvent.userChoice;
  installEvent = null;
  $("install-app").hidden = true;
  tidy();
});

async function wipeDevice() {
  // The server's Clear-Site-Data does the same; this covers browsers that ignore it.
  const names = await caches.keys();
  await Promise.all(names.map((n) => caches.delete(n)));
  await outbox.clear();
  try { localStorage.clear(); } catch (e) { /* nothing kept */ }
  const regs = (await navigator.serviceWorker?.getRegistrations()) || [];
  await Promise.all(regs.map((r) => r.unregister()));
}
document.querySelectorAll('form[action$="/dang-xuat/"]').forEach((form) => {
  form.addEventListener("submit", async (ev) => {
    if (form.dataset.wiped) return;
    ev.preventDefault();
    const waiting = (await outbox.all().catch(() => [])).filter((r) => r.state !== "done").length;
    if (waiting && !window.confirm($("outbox-logout-text").innerHTML)) return;
    await wipeDevice().catch(() => {});
    form.dataset.wiped = "1";
    form.submit();
  });
});

// Another facility account on this browser: the last one's pages and queue are not ours.
async function ownerCheck() {
  let last = null;
  try { last = localStorage.getItem("safemap:owner"); localStorage.setItem("safemap:owner", bar.dataset.user); } catch (e) { return; }
  if (last && last !== bar.dataset.user) await wipeDevice().catch(() => {});
}

function askState() {
  const worker = navigator.serviceWorker.controller;
  if (!worker) return;
  const port = new MessageChannel();
  port.port1.onmessage = (ev) => { if (ev.data.fromCache) { offlineHint = true; showOffline(); } };
  worker.postMessage({ type: "state" }, [port.port2]);
}

async function start() {
  await ownerCheck();
  showOffline();
  window.addEventListener("online", () => { offlineHint = false; showOffline(); sendNow(); });
  window.addEventListener("offline", showOffline);
  $("outbox-send").addEventListener("click", () => sendNow());
  if (outbox.channel) {
    const ch = new BroadcastChannel("safemap-outbox");
    // Coalesced: a drain of 60 items would otherwise re-read the whole queue 120 times.
    let soon = null;
    ch.onmessage = () => { if (!soon) soon = setTimeout(() => { soon = null; refreshOutbox(); }, 150); };
  }
  if ("serviceWorker" in navigator) {
    try {
      await navigator.serviceWorker.register(bar.dataset.sw, { scope: "/" });
      askState();
      const planEl = document.getElementById("offline-plan");
      if (planEl && navigator.onLine) {
        const reg = await navigator.serviceWorker.ready;
        const plan = JSON.parse(planEl.textContent);
        plan.pages.push(location.pathname);
        const port = new MessageChannel();
        const warmed = new Promise((resolve) => { port.port1.onmessage = resolve; });
        reg.active.postMessage({ type: "warm", plan }, [port.port2]);
        warmed.then(() => document.documentElement.setAttribute("data-offline-ready", "1"));
      }
    } catch (e) { /* no service worker (old browser, private mode): the site works online */ }
  }
  await refreshOutbox();
  storage();
  // The fill page drains itself (it shows each item's state); elsewhere, send what waits.
  if (!document.getElementById("fill") && navigator.onLine) sendNow();
}
// The fill page's modules reach these through the window: under hashed static names a module
// import of this file would be a second copy.
window.SafeMapApp = { sendNow, refreshOutbox, onOutboxChange };
start();
