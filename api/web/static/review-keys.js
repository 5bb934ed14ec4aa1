/* The review view's keyboard. Tab is the browser's own (every button, cell and link is reachable);
 * arrows move between fields; Enter confirms or saves, but only a fresh press: a key held down
 * (auto-repeat) or a press that began on another field does nothing. Single keys (?, +, -, n, q...)
 * act only outside an input, so typing is never taken for a command. `ctx` is the review controller. */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);

  function openLegend() {
    const dialog = $("keys-dialog");
    if (!dialog.open) dialog.showModal();
    $("keys-close").focus();
  }

  function install(ctx) {
    /* Armed by a key-up of Enter: one press, one action. */
    let enterArmed = true;
    document.addEventListener("keyup", (event) => {
      if (event.key === "Enter") enterArmed = true;
    });
    $("keys-button").addEventListener("click", openLegend);
    $("keys-close").addEventListener("click", () => $("keys-dialog").close());

    document.addEventListener("keydown", (event) => {
      const target = event.target;
      const inEditor = Boolean(target.matches && target.matches("#field-input, .cell-input"));
      const typing = inEditor || (target.matches && target.matches("input, textarea, select"));
      if ($("keys-dialog").open || event.altKey || event.metaKey) return;
      if (event.ctrlKey) {
        if (event.key === "/") {
          event.preventDefault();
          openLegend();
        }
        return;
      }
      if (event.key === "Enter" && inEditor && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        if (event.repeat || !enterArmed) return;
        enterArmed = false;
        ctx.act();
      } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && (inEditor || !typing)) {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        if (event.shiftKey) ctx.moveBy(step);
        else ctx.gotoOpen(step);
      } else if ((event.key === "PageDown" || event.key === "PageUp") && ctx.state.viewer) {
        event.preventDefault();
        ctx.state.viewer.show(ctx.state.viewer.page + (event.key === "PageDown" ? 1 : -1));
      } else if (event.key === "Escape" && inEditor) {
        event.preventDefault();
        ctx.escape(target);
      } else if (!typing) {
        const action = {
          "?": openLegend,
          "+": () => ctx.state.viewer && ctx.state.viewer.zoomIn(),
          "=": () => ctx.state.viewer && ctx.state.viewer.zoomIn(),
          "-": () => ctx.state.viewer && ctx.state.viewer.zoomOut(),
          "0": () => ctx.state.viewer && ctx.state.viewer.setZoom(1),
          e: () => ctx.select(ctx.state.index, "panel"),
          n: () => ctx.nextAgreement(),
          q: () => location.assign("/review"),
        }[event.key];
        if (action) {
          event.preventDefault();
          action();
        }
      }
    });
  }

  PK.reviewKeys = { install, openLegend };
})();
