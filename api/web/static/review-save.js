/* The review view's saves: one PATCH with If-Match per save, its answer turned into what the reviewer
 * sees (merged record, conflict banner, refusal in words, the next thing to do), and the way on to the
 * next agreement once this one is done. `ctx` is the review controller (review.js). */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);

  async function send(ctx, body, opts) {
    const state = ctx.state;
    if (state.busy) return;
    if (state.stale) return;
    state.busy = true;
    ctx.syncPanel();
    ctx.fieldMessage(PK.t("saving"));
    const before = state.version;
    let result;
    try {
      result = await PK.api(`/agreements/${encodeURIComponent(state.id)}`, {
        method: "PATCH", body, headers: { "If-Match": `"${state.version}"` },
      });
    } catch (error) {
      state.busy = false;
      ctx.fieldMessage(PK.t("network_error", { message: String(error.message || error) }), "error");
      ctx.syncPanel();
      return;
    }
    state.busy = false;
    if (result.status === 409) {
      ctx.fieldMessage("");
      PK.reviewConflicts.show(ctx, result, body);
    } else if (result.status === 422 || result.status === 400) {
      ctx.fieldMessage(PK.t("invalid_value", { message: PK.errorMessage(result) }), "error");
    } else if (result.status === 403) {
      state.canEdit = false;
      PK.setRole(false);
      ctx.fieldMessage(PK.t("forbidden"), "error");
    } else if (!result.ok) {
      ctx.fieldMessage(PK.errorMessage(result), "error");
    } else {
      for (const path of opts.paths || []) ctx.drafts.delete(path);
      if (opts.before) opts.before();
      state.lastBatch = opts.undo ? null : result.data.batch || state.lastBatch;
      ctx.adopt(result.data, result.headers);
      const message = PK.t(opts.message, { version: state.version, n: opts.n });
      PK.toast(message, "ok");
      ctx.loadHistory().then((items) => PK.reviewConflicts.noteMerged(ctx, items, before));
      if (opts.then) opts.then();
      ctx.fieldMessage(message, "ok");
      return;
    }
    ctx.syncPanel();
  }

  /* When this agreement is done, point at the next one that still needs a person. */
  async function offerNextAgreement(ctx) {
    const state = ctx.state;
    $("done-banner").hidden = false;
    const link = $("next-agreement");
    link.hidden = true;
    const result = await PK.api("/agreements?needs_review=true&limit=5");
    const next = result.ok ? result.data.items.find((a) => String(a.id) !== String(state.id)) : null;
    link.hidden = !next;
    if (next) {
      link.href = "/review/agreements/" + encodeURIComponent(next.id);
      link.textContent = PK.t("next_agreement", { name: next.organization || "#" + next.id }) + " ›";
      link.focus();
    }
  }

  async function nextAgreement(ctx) {
    if ($("next-agreement").hidden) await offerNextAgreement(ctx);
    if (!$("next-agreement").hidden) location.assign($("next-agreement").href);
  }

  PK.reviewSave = { send, offerNextAgreement, nextAgreement };
})();
