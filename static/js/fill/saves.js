// Answers and notes: each change goes into the outbox at once (so closing the page or losing
// the connection loses nothing) and the outbox is sent in order.
import { outbox } from "./outbox.js";

export function itemEl(ctx, id) { return ctx.root.querySelector('[data-item="' + id + '"]'); }

export function setState(ctx, id, text, cls) {
  const el = itemEl(ctx, id);
  if (!el) return;
  const s = el.querySelector(".save-state");
  s.textContent = text;
  s.className = "save-state small ms-auto " + (cls || "");
}

export function showError(ctx, id, text) {
  const el = itemEl(ctx, id);
  if (!el) return;
  el.querySelector(".item-error").textContent = text || "";
  if (!text) markValid(el);
}

// What Hoàn thành found missing on an item holds until the item changes, and so does its
// line in the summary.
function markValid(el) {
  el.classList.remove("is-invalid");
  el.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
  const summary = document.getElementById("complete-problems");
  if (!summary) return;
  summary.querySelectorAll("a.problem-link").forEach((link) => {
    if (link.getAttribute("href") === "#" + el.id) link.closest("li").remove();
  });
  if (!summary.querySelector("a.problem-link")) summary.hidden = true;
}

export function queueAnswer(ctx, id, fields) {
  setState(ctx, id, ctx.T.queued, "text-muted");
  return outbox.add({
    kind: "answer", assessment: ctx.assessment, item: id, fields,
    url: ctx.saveUrl.replace(/\/0\/$/, "/" + id + "/"), csrf: ctx.csrf,
  });
}

// Changes kept on this device but not yet on the server (the page was closed offline, or
// comes from the service worker's copy): shown as they were entered, oldest first.
export function applyQueued(ctx, recs) {
  recs.filter((r) => r.kind === "answer" && r.assessment === ctx.assessment).forEach((r) => {
    const el = itemEl(ctx, r.item);
    if (!el) return;
    const f = r.fields;
    if ("met" in f) el.querySelector("input[name=met]").checked = f.met === "1";
    if ("option" in f) {
      const radio = el.querySelector('input[type=radio][value="' + f.option + '"]');
      if (radio) radio.checked = true;
    }
    if ("note" in f) {
      const note = el.querySelector(".note");
      note.value = f.note;
      note.classList.remove("d-none");
    }
    if (r.state === "failed") { setState(ctx, r.item, ctx.T.error, "text-danger"); showError(ctx, r.item, r.error); }
    else setState(ctx, r.item, ctx.T.queued, "text-muted");
  });
}

// What the page shows now, for Hoàn thành and the signature: {itemId: {met, option, note}}.
export function currentAnswers(ctx) {
  const answers = {};
  ctx.root.querySelectorAll("[data-item]").forEach((el) => {
    const id = Number(el.dataset.item);
    const box = el.querySelector("input[name=met]");
    const radio = el.querySelector("input[type=radio]:checked");
    answers[id] = {
      met: box ? box.checked : null,
      option: radio ? Number(radio.value) : null,
      note: el.querySelector(".note").value.trim(),
    };
  });
  return answers;
}
