/* The audit sample as a queue: fields the extraction did not flag among the agreements the queue's
 * filters pick, drawn at random by a seed (the same seed names the same fields every day), each opening
 * the review page in audit mode; and what the decisions so far say: the error rate among unflagged
 * fields with its 95% interval and the number of wrong fields it implies (GET /audit-estimate). */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);

  function settings() {
    const form = $("audit-form");
    return { size: Number(form.size.value) || 20, seed: Number(form.seed.value) || 0 };
  }

  const percent = (x) => (100 * x).toFixed(1).replace(/\.0$/, "") + "%";

  async function load() {
    const { size, seed } = settings();
    const scope = PK.queueFilters();  // the agreements the queue's filters pick
    const [queue, found] = await Promise.all([
      PK.api("/review-queue" + PK.query({ ...scope, audit_sample: size, seed, limit: size, kinds: "table" })),
      PK.api("/audit-estimate" + PK.query({ ...scope, audit_sample: size, seed })),
    ]);
    const list = $("audit-list");
    list.replaceChildren();
    const items = queue.ok ? queue.data.items.filter((item) => item.audit) : [];
    for (const item of items) list.append(PK.queueItem(item, true));
    const note = $("audit-estimate");
    note.hidden = !found.ok;
    if (!found.ok) return;
    const e = found.data;
    note.replaceChildren(
      PK.el("span", { text: e.judged ? PK.t("audit_estimate", {
        wrong: e.wrong, judged: e.judged, rate: percent(e.error_rate), low: percent(e.error_rate_low),
        high: percent(e.error_rate_high), count: e.wrong_fields, population: e.population,
        low_count: e.wrong_fields_low, high_count: e.wrong_fields_high }) : PK.t("audit_none") }),
      PK.el("span", { class: "muted small", text: " · " + (e.unjudged ? PK.t("audit_left", { n: e.unjudged }) : PK.t("audit_done")) }));
    document.body.dataset.auditLoaded = `${size}:${seed}:${e.judged}`;
  }

  function writeUrl() {
    const { size, seed } = settings();
    const params = new URLSearchParams(location.search);
    params.set("audit", String(size));
    params.set("seed", String(seed));
    history.replaceState(null, "", location.pathname + "?" + params.toString());
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!PK.auth.token()) return;
    const params = new URLSearchParams(location.search);
    const form = $("audit-form");
    if (params.get("audit")) form.size.value = params.get("audit");
    if (params.get("seed")) form.seed.value = params.get("seed");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      writeUrl();
      load();
    });
    if (params.get("audit")) load();
  });
})();
