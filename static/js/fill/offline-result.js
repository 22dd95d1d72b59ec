// Hoàn thành and Ký xác nhận with no connection: the result is computed on the device by the
// version's own rules (scoring.js), and the signature goes into the outbox with the answers
// it signed. The server accepts it only if those are still the draft's answers, computes the
// digest itself and takes its own time of receipt for on-time status.
import { outbox } from "./outbox.js";
import { problems, score } from "./scoring.js";
import { currentAnswers, itemEl } from "./saves.js";
import { signaturePad } from "./signature.js";

let pad = null;

function withPhotos(ctx) {
  const ids = new Set();
  ctx.root.querySelectorAll("[data-item]").forEach((el) => {
    if (el.querySelector(".photo-thumb")) ids.add(Number(el.dataset.item));
  });
  return ids;
}

// An item's number and text, as the page shows them.
function itemName(ctx, id) {
  const strong = itemEl(ctx, id).querySelector("strong");
  const code = strong.textContent.trim();
  return { code, text: strong.parentNode.textContent.trim().slice(code.length).trim() };
}

function showProblems(ctx, list) {
  let box = document.getElementById("complete-problems");
  if (!box) {
    box = document.createElement("div");
    box.className = "alert alert-danger";
    box.id = "complete-problems";
    box.tabIndex = -1;
    box.setAttribute("role", "alert");
    ctx.root.before(box);
  }
  box.hidden = false;
  const ul = document.createElement("ul");
  ul.className = "mb-0 ps-3";
  list.forEach((p) => {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.className = "alert-link problem-link";
    a.href = "#item-" + p.item;
    a.textContent = p.message;
    li.appendChild(a);
    ul.appendChild(li);
    const el = itemEl(ctx, p.item);
    el.classList.add("is-invalid");
    el.querySelector(".item-error").textContent = p.message;
  });
  box.replaceChildren(ul);
  box.focus();
}

export function completeOffline(ctx) {
  const answers = currentAnswers(ctx);
  const found = problems(ctx.doc, answers, withPhotos(ctx), ctx.T, (id) => itemName(ctx, id));
  if (found.length) { showProblems(ctx, found); return; }
  const result = score(ctx.doc, answers);
  const panel = document.getElementById("offline-result");
  const badge = document.getElementById("offline-level");
  badge.className = "level-badge result-badge level-" + result.level;
  badge.dataset.level = result.level;
  badge.dataset.score = result.score;
  badge.textContent = ctx.T.levels[result.level];
  const shown = (Math.round(Number(result.score) * 10) / 10).toFixed(1).replace(".", ",");
  document.getElementById("offline-score").textContent =
    (ctx.doc.kind === "risk" ? ctx.T.riskIndex : ctx.T.tickScore) + ": " + shown + " %" + (result.band ? " — " + result.band : "");
  document.getElementById("offline-critical").hidden = !result.critical.length;
  const unmet = document.getElementById("offline-unmet");
  unmet.replaceChildren(...result.unmet.map((id) => {
    const li = document.createElement("li");
    const n = itemName(ctx, id);
    li.textContent = (n.code + " " + n.text).trim();
    return li;
  }));
  panel.hidden = false;
  document.getElementById("complete-form").hidden = true;
  panel.scrollIntoView({ block: "start" });
  if (!pad) pad = signaturePad(document.getElementById("offline-signature"));
  ctx.offlineResult = result;
}

export function backToEditing() {
  document.getElementById("offline-result").hidden = true;
  document.getElementById("complete-form").hidden = false;
}

export async function signOffline(ctx) {
  const name = document.getElementById("offline-signer-name").value.trim();
  const position = document.getElementById("offline-signer-position").value.trim();
  const msg = document.getElementById("offline-sign-msg");
  if (!name || !position || !pad || pad.isEmpty()) { msg.textContent = ctx.T.signMissing; return; }
  await ctx.begin();
  const answers = currentAnswers(ctx);
  const rows = Object.keys(answers).map((id) => ({ item: Number(id), ...answers[id] }));
  // A signature refused earlier has been read: this one replaces it.
  const old = (await outbox.all()).filter((r) => r.kind === "sign" && r.assessment === ctx.assessment && r.state === "failed");
  await Promise.all(old.map((r) => outbox.remove(r.key)));
  await outbox.add({
    kind: "sign", assessment: ctx.assessment, url: ctx.signUrl, csrf: ctx.csrf,
    level: ctx.offlineResult.level, score: ctx.offlineResult.score,
    fields: {
      signer_name: name, signer_position: position, signature: pad.toDataURL("image/png"),
      device_signed_at: new Date().toISOString(), answers: JSON.stringify(rows),
    },
  });
  showSigned(ctx, { state: "waiting" });
}

// After the offline signature: nothing on the page can change any more, until the server
// has answered (it took it: a link to the record; it refused: why, and the draft is as it was).
export function showSigned(ctx, rec, data) {
  const box = document.getElementById("offline-signed");
  const text = document.getElementById("offline-signed-text");
  const link = document.getElementById("offline-signed-link");
  box.hidden = false;
  document.getElementById("offline-result").hidden = true;
  document.getElementById("complete-form").hidden = true;
  const locked = rec.state !== "failed";
  ctx.root.querySelectorAll("input, textarea, button").forEach((el) => { el.disabled = locked; });
  if (rec.state === "sent") {
    text.textContent = ctx.T.signSent;
    box.className = "alert alert-success";
    link.href = data.url;
    link.hidden = false;
  } else if (rec.state === "failed") {
    text.textContent = rec.error;
    box.className = "alert alert-danger";
    document.getElementById("complete-form").hidden = false;
  } else {
    text.textContent = ctx.T.signQueued;
    box.className = "alert alert-info";
  }
}
