// Hoàn thành with no connection: the same rules as checklists/scoring.py, read from the
// version's JSON (TemplateVersion.scoring_document). Integers only, as Python's Fraction:
// 45 of 300 points is exactly 15 %, and the percentage is rounded half up to 2 places.
// tests/checklists/test_scoring_js.py runs both over random answers and compares.

// A threshold from the rules as num/den, like Fraction(str(value)).
function fraction(value) {
  const [whole, part = ""] = String(value).split(".");
  return [Number(whole + part), 10 ** part.length];
}

// num/den (already in %) as "85.71": Decimal.quantize(Decimal("0.01"), ROUND_HALF_UP).
function percent(num, den) {
  const q = Math.floor((2 * num * 100 + den) / (2 * den));
  return Math.floor(q / 100) + "." + String(q % 100).padStart(2, "0");
}

// answers: {itemId: {met, option}}; a missing item counts as not met / worst answer.
export function score(doc, answers) {
  return doc.kind === "risk" ? risk(doc, answers) : tick(doc, answers);
}

function tick(doc, answers) {
  let total = 0, met = 0;
  const unmet = [], critical = [];
  for (const item of doc.items) {
    total += item.weight;
    if (answers[item.id]?.met) met += item.weight;
    else {
      unmet.push(item.id);
      if (item.critical) critical.push(item.id);
    }
  }
  const [num, den] = total ? [met * 100, total] : [100, 1];
  const below = (v) => { const [a, b] = fraction(v); return num * b < a * den; };
  let level;
  if (critical.length || below(doc.rules.yellow_min)) level = "red";
  else if (!below(doc.rules.green_min)) level = "green";
  else level = "yellow";
  return { level, score: percent(num, den), band: null, unmet, critical };
}

function risk(doc, answers) {
  let maximum = 0, points = 0;
  const unmet = [], critical = [];
  for (const item of doc.items) {
    const worst = item.options.reduce((m, o) => Math.max(m, o.points), 0);
    maximum += worst;
    const chosen = item.options.find((o) => o.id === answers[item.id]?.option);
    const scored = chosen ? chosen.points : worst;
    points += scored;
    if (scored) unmet.push(item.id);
    if (chosen && chosen.critical) critical.push(item.id);
  }
  const [num, den] = maximum ? [points * 100, maximum] : [0, 1];
  const bands = doc.rules.bands;
  const band = bands.find((b) => { const [a, d] = fraction(b.upto); return num * d <= a * den; }) || bands[bands.length - 1];
  return { level: critical.length ? "red" : band.level, score: percent(num, den), band: band.label, unmet, critical };
}

// What stops Hoàn thành (assessments.services.assessment_problems): an unanswered risk
// criterion, or a claim without its required photo. ``name(id)`` gives {code, text}.
export function problems(doc, answers, withPhotos, text, name) {
  const out = [];
  const say = (t, item) => { const n = name(item.id); return t.replace("%(code)s", n.code).replace("%(text)s", n.text); };
  for (const item of doc.items) {
    const a = answers[item.id] || {};
    if (doc.kind === "risk" && a.option == null) out.push({ item: item.id, message: say(text.unanswered, item) });
    const claimed = doc.kind === "risk" ? a.option != null : a.met === true;
    if (item.photo_required && claimed && !withPhotos.has(item.id)) out.push({ item: item.id, message: say(text.needsPhoto, item) });
  }
  return out;
}
