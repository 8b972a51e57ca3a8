// Shared by the monitoring widgets (sdg1271.js, priorities.js): the life cycle of a
// custom widget whose input is richer than a flat form.
//
// The build prerendered the form and the result of its initial values (gpp_core,
// gpp_core/monitoring_html.py). A Tool:
//   * starts the engine on first interaction (widget.js also starts it when idle);
//   * on every edit marks the result stale at once, then asks gpp_core for the new
//     result through runtime.engine.call(config.endpoint, payload, lang);
//   * shows the result (tables re-rendered with the same markup as the prerender,
//     numbers through Intl.NumberFormat via the runtime's formatter) or the errors next
//     to their fields, and announces the outcome in an aria-live region.
// Subclasses give payload(), errorTarget(field) and, if they show more than the tables
// and notes, render(answer). Nothing here computes a figure.

export class Tool {
  constructor(root, runtime) {
    this.root = root;
    this.runtime = runtime;
    this.engine = runtime.engine;
    this.config = JSON.parse(root.querySelector(".gpp-config").textContent);
    this.strings = this.config.strings;
    this.form = root.querySelector("form");
    this.result = root.querySelector(".gpp-result");
    this.status = root.querySelector(".gpp-status");
    this.summary = root.querySelector(".gpp-summary");
    this.view = root.querySelector(".gpp-view");
    this.announcer = root.querySelector(".gpp-announce");
    this.progress = document.createElement("progress");
    this.progress.className = "gpp-progress";
    this.progress.max = runtime.STEPS;
    this.progress.hidden = true;
    this.progress.setAttribute("aria-hidden", "true");
    this.status.after(this.progress);
    this.edits = 0;
    this.dirty = false;
    this.invalid = [];
    this.formatter = { config: { locale: this.config.locale } };

    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.form.addEventListener("input", () => this.changed());
    this.form.addEventListener("change", () => this.changed());
    this.form.addEventListener("focusin", () => this.engine.start(), { once: true });
    this.form.addEventListener("pointerdown", () => this.engine.start(), { once: true });
    root.dataset.gppState = "static";
    this.setStatus(this.t("widget.static_result"));
    this.engine.widgets.add(this);
    this.engineChanged();
  }

  t(key, params = {}) {
    return this.runtime.format(this.strings[key] ?? key, params);
  }

  engineChanged() {
    const engine = this.engine;
    if (engine.state === "loading") {
      const step = Math.max(engine.step, 1);
      this.progress.hidden = false;
      this.progress.value = engine.step;
      this.setStatus(this.t("widget.loading", {
        step, steps: this.runtime.STEPS, what: this.t(this.runtime.STEP_KEYS[step]),
      }));
    } else if (engine.state === "ready") {
      this.progress.hidden = true;
      if (this.dirty) this.run();
      else if (this.root.dataset.gppState !== "invalid") this.setStatus(this.t("widget.ready"));
    } else if (engine.state === "failed") {
      this.progress.hidden = true;
      this.root.dataset.gppState = "failed";
      this.setStatus(this.t("widget.failed"));
      this.announce(this.t("widget.failed"));
    }
  }

  setStatus(text) {
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  /** Called on every edit (and by subclasses after adding or removing rows). */
  changed() {
    this.edits += 1;
    this.dirty = true;
    this.root.dataset.gppState = "stale";
    this.result.setAttribute("aria-busy", "true");
    if (this.engine.state === "ready") this.setStatus(this.t("widget.stale"));
    else if (this.engine.state === "failed") {
      this.root.dataset.gppState = "failed";
      this.setStatus(this.t("widget.failed"));
    } else {
      this.engine.start();
      this.setStatus(this.t("widget.pending"));
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), 30);
  }

  async run() {
    if (this.engine.state !== "ready") return; // engineChanged() runs us when it is
    const edit = this.edits;
    const answer = await this.engine.call(this.config.endpoint, this.payload(), this.config.lang);
    if (edit !== this.edits) return; // a newer edit is on its way
    this.dirty = false;
    this.show(answer);
  }

  show(answer) {
    this.clearErrors();
    this.result.removeAttribute("aria-busy");
    if (answer.ok) {
      this.root.dataset.gppState = "current";
      this.summary.textContent = answer.view.summary;
      this.summary.hidden = false;
      this.render(answer);
      this.view.hidden = false;
      this.setStatus(this.t("widget.ready"));
      this.announce(answer.view.summary);
      return;
    }
    this.root.dataset.gppState = "invalid";
    this.summary.hidden = true;
    this.view.hidden = true;
    this.renderInvalid();
    for (const error of answer.errors) this.showError(error);
    const message = answer.failure
      ? answer.message || this.t("widget.failed")
      : this.t("widget.fix_errors", { count: answer.errors.length });
    this.setStatus(message);
    this.announce(message);
  }

  /** Redraw the result from the view: tables and notes (subclasses add more). */
  render(answer) {
    const fragment = document.createDocumentFragment();
    for (const table of answer.view.tables) fragment.append(this.table(table));
    fragment.append(this.notes(answer.view.notes));
    this.view.replaceChildren(fragment);
  }

  /** Hook: hide what must not be used while the result is invalid. */
  renderInvalid() {}

  /** {slot, control, box} for an error's field: the slot is the element with id
   *  "<root id>-<field>-error"; null if there is none (the status still counts it). */
  errorTarget(field) {
    const slot = document.getElementById(`${this.root.id}-${field}-error`);
    if (!slot) return null;
    const box = slot.closest(".gpp-field, .gpp-question, .gpp-cell");
    const control = box ? box.querySelector("input:not([type=hidden]), select") : null;
    return { slot, control, box };
  }

  showError(error) {
    const target = this.errorTarget(error.field);
    if (!target) return;
    const { slot, control, box } = target;
    slot.textContent = slot.textContent ? `${slot.textContent} ${error.message}` : error.message;
    slot.hidden = false;
    if (control) control.setAttribute("aria-invalid", "true");
    if (box) box.classList.add("gpp-field--invalid");
    this.invalid.push(target);
  }

  clearErrors() {
    for (const { slot, control, box } of this.invalid) {
      slot.textContent = "";
      slot.hidden = true;
      if (control) control.removeAttribute("aria-invalid");
      if (box) box.classList.remove("gpp-field--invalid");
    }
    this.invalid = [];
  }

  announce(text) {
    clearTimeout(this.announceTimer);
    // Wait until typing pauses, so a screen reader is not interrupted at every key.
    this.announceTimer = setTimeout(() => {
      this.announcer.textContent = text;
    }, 700);
  }

  element(tag, attributes = {}, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  cellText(cell) {
    if (cell.kind === "text") return String(cell.value ?? "");
    return this.runtime.Widget.prototype.formatCell.call(this.formatter, cell, "USD");
  }

  /** The same markup as gpp_core.monitoring_html.table_html. */
  table(table) {
    const el = (...args) => this.element(...args);
    const wrap = el("div", { class: "gpp-table-wrap", tabindex: "0", role: "region", "aria-label": table.caption });
    const node = el("table", { class: "gpp-table" });
    node.append(el("caption", {}, table.caption));
    const headRow = el("tr");
    for (const column of table.columns) headRow.append(column ? el("th", { scope: "col" }, column) : el("td"));
    const head = el("thead");
    head.append(headRow);
    node.append(head);
    const body = el("tbody");
    for (const row of table.rows) {
      const tr = el("tr", row.emphasis ? { class: "gpp-row--emphasis" } : {});
      tr.append(el("th", { scope: "row" }, row.label));
      row.cells.forEach((cell, index) => {
        const text = this.cellText(cell);
        if (text) {
          tr.append(el("td", { "data-kind": cell.kind, "data-label": table.columns[index + 1] }, text));
        } else {
          const td = el("td", { "data-kind": "empty" });
          td.append(el("span", { class: "gpp-visually-hidden" }, this.t("widget.not_applicable")));
          tr.append(td);
        }
      });
      body.append(tr);
    }
    node.append(body);
    wrap.append(node);
    return wrap;
  }

  /** The same markup as gpp_core.monitoring_html.list_html (null when empty). */
  list(title, items, css) {
    if (!items || !items.length) return null;
    const box = this.element("div", { class: css });
    box.append(this.element("p", { class: "gpp-list-title" }, title));
    const ul = this.element("ul");
    for (const item of items) ul.append(this.element("li", {}, item));
    box.append(ul);
    return box;
  }

  notes(notes) {
    const ul = this.element("ul", { class: "gpp-notes" });
    for (const note of notes) ul.append(this.element("li", {}, note));
    return ul;
  }
}
