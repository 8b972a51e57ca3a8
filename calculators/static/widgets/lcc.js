// Life-cycle cost widget: enhances the markup prerendered by gpp_core/lcc_html.py.
//
// What it adds to the static page: recomputing on every edit (gpp_core in the worker,
// endpoint "lcc.widget"), choosing a country and a template ("lcc.defaults"), adding
// and removing options (2 to 6), carbon and pollutant price references
// ("lcc.apply_preset"), charts (Chart.js, self-hosted), downloads ("lcc.export": CSV,
// XLSX, JSON), a share link that keeps the scenario in the URL fragment
// ("lcc.share_encode" / "lcc.share_decode") and printing.
//
// States, as in the generic widget: static (the prerendered result), stale (an edit is
// waiting for its result: the old result is dimmed, never shown as current), current,
// invalid (errors next to their fields, in the reader's language, from gpp_core),
// failed (Python could not start).
//
// Nothing here computes a figure. Input text goes to gpp_core as typed (it reads the
// reader's decimal separators); numbers come back and are formatted with Intl through
// the runtime's table renderer, and drawn by Chart.js.

import { breakdownConfig, cumulativeConfig, draw, loadChartJs, palette, tornadoConfig } from "./lcc-charts.js";

const SHARE_PREFIX = "#lcc=";
const TOP_LEVEL = new Set(["title", "country", "template", "currency"]);

export default function mount(root, runtime) {
  return new LccWidget(root, runtime);
}

function shareFragment() {
  return location.hash.startsWith(SHARE_PREFIX) ? location.hash.slice(1) : null;
}

function base64ToBytes(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

class LccWidget {
  constructor(root, runtime) {
    this.root = root;
    this.runtime = runtime;
    this.engine = runtime.engine;
    this.config = JSON.parse(root.querySelector(".gpp-config").textContent);
    this.strings = this.config.strings;
    this.lang = this.config.lang;
    this.form = root.querySelector("form");
    this.optionsBox = root.querySelector(".gpp-lcc-options");
    this.result = root.querySelector(".gpp-result");
    this.status = root.querySelector(".gpp-status");
    this.summary = root.querySelector(".gpp-summary");
    this.view = root.querySelector(".gpp-view");
    this.announcer = root.querySelector(".gpp-announce");
    this.linkError = root.querySelector(".gpp-lcc-link-error");
    this.formError = root.querySelector(".gpp-lcc-form-error");
    this.shareStatus = root.querySelector(".gpp-lcc-share-status");
    this.notice = root.querySelector(".gpp-lcc-notice");
    this.series = this.config.series;
    this.provenance = this.config.provenance;
    this.buyerDefaults = this.readPayload().buyer;
    this.chartData = this.config.widget.charts;
    this.charts = {};
    this.edits = 0;
    this.dirty = false;
    this.errorFields = [];
    this.optionsEdited = false;
    this.waiters = [];
    this.timings = [];

    this.progress = document.createElement("progress");
    this.progress.className = "gpp-progress";
    this.progress.max = runtime.STEPS;
    this.progress.hidden = true;
    this.progress.setAttribute("aria-hidden", "true");
    this.status.after(this.progress);

    for (const element of root.querySelectorAll("[data-gpp-js-only]")) element.hidden = false;
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.form.addEventListener("input", (event) => this.onInput(event));
    this.form.addEventListener("change", (event) => this.onChange(event));
    root.addEventListener("click", (event) => this.onClick(event));
    const start = () => this.engine.start();
    root.addEventListener("focusin", start, { once: true });
    root.addEventListener("pointerdown", start, { once: true });
    window.addEventListener("hashchange", () => this.openShareFromUrl());
    window.addEventListener("beforeprint", () => this.markBlankFields());
    new MutationObserver(() => this.drawCharts()).observe(document.body, {
      attributes: true,
      attributeFilter: ["data-md-color-scheme"],
    });

    root.dataset.gppState = "static";
    this.setStatus(this.t("widget.static_result"));
    this.updateOptionControls();
    this.engine.widgets.add(this);
    window.gppLcc = this; // read-only use by the browser tests and the benchmark
    this.drawCharts();
    this.openShareFromUrl();
  }

  t(key, params = {}) {
    return this.runtime.format(this.strings[key] ?? key, params);
  }

  // ------------------------------------------------------------------ engine and state

  engineChanged() {
    const { engine } = this;
    if (engine.state === "loading") {
      const step = Math.max(engine.step, 1);
      this.progress.hidden = false;
      this.progress.value = engine.step;
      this.setStatus(this.t("widget.loading", {
        step, steps: this.runtime.STEPS, what: this.t(this.runtime.STEP_KEYS[step]),
      }));
    } else if (engine.state === "ready") {
      this.progress.hidden = true;
      for (const waiter of this.waiters.splice(0)) waiter.resolve();
      if (this.dirty) this.run();
      else if (this.root.dataset.gppState !== "invalid") this.setStatus(this.t("widget.ready"));
    } else if (engine.state === "failed") {
      this.progress.hidden = true;
      for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(engine.error));
      this.root.dataset.gppState = "failed";
      this.setStatus(this.t("widget.failed"));
      this.announce(this.t("widget.failed"));
    }
  }

  /** Resolves when Python is ready (starting it if needed). */
  whenReady() {
    if (this.engine.state === "ready") return Promise.resolve();
    if (this.engine.state === "failed") return Promise.reject(new Error(this.engine.error));
    this.engine.start();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  setStatus(text) {
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  announce(text) {
    clearTimeout(this.announceTimer);
    // Wait until typing pauses, so a screen reader is not interrupted at every key.
    this.announceTimer = setTimeout(() => {
      this.announcer.textContent = text;
    }, 700);
  }

  /** A visible (and announced) note about what a choice changed in the form. */
  tell(text) {
    this.notice.textContent = text;
    this.notice.hidden = !text;
  }

  markStale() {
    this.root.dataset.gppState = "stale";
    this.result.setAttribute("aria-busy", "true");
    if (this.engine.state === "ready") this.setStatus(this.t("widget.stale"));
    else if (this.engine.state === "failed") this.setStatus(this.t("widget.failed"));
    else {
      this.engine.start();
      this.setStatus(this.t("widget.pending"));
    }
  }

  changed() {
    this.edits += 1;
    this.dirty = true;
    this.markStale();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), 30);
  }

  async run() {
    if (this.engine.state !== "ready") return; // engineChanged() runs us when it is
    const edit = this.edits;
    const payload = this.readPayload();
    const started = performance.now();
    const answer = await this.engine.call("lcc.widget", payload, this.lang);
    if (edit !== this.edits) return; // a newer edit is on its way
    this.timings.push(performance.now() - started);
    this.dirty = false;
    this.show(answer);
  }

  // ------------------------------------------------------------------ form

  /** The scenario as typed: text values, read by gpp_core in the reader's language. */
  readPayload() {
    const payload = { version: 1, title: "", country: "", template: null, currency: "", buyer: {}, options: [] };
    for (const element of this.form.elements) {
      const name = element.name;
      if (!name || name === "preset") continue;
      if (TOP_LEVEL.has(name)) {
        payload[name] = name === "template" ? element.value || null : element.value;
        continue;
      }
      const parts = name.split(".");
      if (parts[0] === "buyer") payload.buyer[parts[1]] = element.value;
      else if (parts[0] === "options") {
        const index = Number(parts[1]);
        payload.options[index] = payload.options[index] || {};
        payload.options[index][parts[2]] = element.value;
      }
    }
    payload.buyer.grid_factor_by_year = this.series;
    return payload;
  }

  /** Flag inputs left empty, at zero or at "none": the printed report leaves them out
   * (same rule as gpp_core/lcc_html.py's _is_blank, applied at build time). */
  markBlankFields() {
    for (const field of this.form.querySelectorAll(".gpp-field")) {
      const control = field.querySelector("input, select");
      const text = control.value.trim();
      const blank = !text || text === "none" || /^[0.,\u00a0 ]+$/.test(text);
      field.classList.toggle("gpp-lcc-zero", blank);
    }
  }

  field(path) {
    return this.form.elements.namedItem(path);
  }

  onInput(event) {
    const name = event.target.name;
    if (!name || event.target.tagName === "SELECT") return; // selects: onChange
    if (name.startsWith("options.")) this.optionsEdited = true;
    if (name.startsWith("buyer.")) this.updateSource(name.slice(6));
    this.changed();
  }

  onChange(event) {
    const name = event.target.name;
    if (!name || event.target.tagName !== "SELECT") return; // text inputs: onInput
    if (name === "country" || name === "template") {
      this.loadDefaults(name);
      return;
    }
    if (name === "preset") return; // applied by its button
    if (name.startsWith("options.")) this.optionsEdited = true;
    if (name.startsWith("buyer.")) this.updateSource(name.slice(6));
    this.updateUnits();
    this.changed();
  }

  onClick(event) {
    const button = event.target.closest("button");
    if (!button || !this.root.contains(button)) return;
    if (button.classList.contains("gpp-lcc-add")) this.addOption();
    else if (button.classList.contains("gpp-lcc-remove")) {
      this.removeOption(Number(button.closest(".gpp-lcc-option").dataset.option));
    } else if (button.classList.contains("gpp-lcc-apply-preset")) this.applyPreset();
    else if (button.dataset.export) this.download(button.dataset.export);
    else if (button.classList.contains("gpp-lcc-share")) this.share();
    else if (button.classList.contains("gpp-lcc-print")) window.print();
  }

  updateUnits() {
    const currency = this.field("currency").value;
    const external = this.field("buyer.externality_currency").value;
    for (const unit of this.root.querySelectorAll(".gpp-field__unit[data-unit-text]")) {
      const text = unit.dataset.unitText.replaceAll("{currency}", currency)
        .replaceAll("{externality_currency}", external);
      if (unit.textContent !== `(${text})`) unit.textContent = `(${text})`;
    }
  }

  /** The source line of a buyer value: where the pre-filled value comes from, or that
   * the reader changed it. Mirrors gpp_core/lcc_html.py's _source_html. */
  updateSource(name) {
    const control = this.field(`buyer.${name}`);
    if (!control) return;
    const slot = this.root.querySelector(`#${control.id}-source`);
    if (!slot) return;
    const provenance = this.provenance[name];
    const edited = this.buyerDefaults[name] !== undefined && control.value !== this.buyerDefaults[name];
    slot.replaceChildren();
    if (edited && provenance) {
      slot.textContent = this.t("lcc-widget.user_value");
    } else if (provenance) {
      const parts = [];
      const source = provenance.source;
      if (source && source.title) parts.push(this.t("lcc-widget.source", { title: source.title }));
      else if (provenance.illustrative) parts.push(this.t("lcc-widget.illustrative"));
      else parts.push(this.t("lcc-widget.no_source"));
      if (provenance.valid_from) parts.push(this.t("lcc-widget.valid_from", { date: provenance.valid_from }));
      slot.append(`${parts.join("; ")}.`);
      if (provenance.to_be_confirmed) {
        const mark = document.createElement("span");
        mark.className = "gpp-lcc-tbc";
        mark.textContent = this.t("lcc-widget.tbc");
        slot.append(" ", mark);
      }
    }
    slot.hidden = !slot.textContent;
  }

  updateSources() {
    for (const element of this.form.elements) {
      if (element.name && element.name.startsWith("buyer.")) this.updateSource(element.name.slice(6));
    }
  }

  /** Put a form (text values from gpp_core) into the page, options included. */
  applyForm(form, { options = true } = {}) {
    for (const name of TOP_LEVEL) {
      const control = this.field(name);
      if (control && form[name] !== undefined) control.value = form[name] ?? "";
    }
    for (const [name, value] of Object.entries(form.buyer)) {
      const control = this.field(`buyer.${name}`);
      if (control && typeof value === "string") control.value = value;
    }
    if (options) {
      while (this.optionCount() < form.options.length) this.addOption({ quiet: true });
      while (this.optionCount() > form.options.length) this.removeOption(this.optionCount() - 1, { quiet: true });
      form.options.forEach((option, index) => {
        for (const [name, value] of Object.entries(option)) {
          const control = this.field(`options.${index}.${name}`);
          if (control) control.value = value ?? "";
        }
      });
      for (const details of this.optionsBox.querySelectorAll(".gpp-lcc-more")) {
        details.open = [...details.querySelectorAll("input")].some((i) => i.value !== "" && i.value !== "0")
          || [...details.querySelectorAll("select")].some((s) => s.selectedIndex > 0);
      }
    }
    this.updateTemplateDescription();
    this.updateUnits();
  }

  updateTemplateDescription() {
    const slot = this.root.querySelector(".gpp-lcc-template-description");
    const id = this.field("template").value;
    const template = this.config.describe.templates.find((t) => t.id === id);
    slot.textContent = template ? template.description : "";
    slot.hidden = !template;
  }

  async loadDefaults(trigger) {
    this.changedStructure();
    try {
      await this.whenReady();
    } catch {
      return;
    }
    const country = this.field("country").value;
    const template = this.field("template").value || null;
    const answer = await this.engine.call("lcc.defaults", { country, template }, this.lang);
    if (!answer.ok) {
      this.show(answer);
      return;
    }
    const keepOptions = trigger === "country" && this.optionsEdited;
    if (keepOptions) {
      this.applyForm({ ...answer.form, title: undefined, template: undefined }, { options: false });
    } else {
      this.applyForm(answer.form);
      this.optionsEdited = false;
    }
    this.series = answer.scenario.buyer.grid_factor_by_year;
    this.provenance = answer.provenance;
    this.buyerDefaults = answer.form.buyer;
    this.updateSources();
    const countryName = this.config.describe.countries.find((c) => c.id === country).name;
    const templateEntry = this.config.describe.templates.find((t) => t.id === template);
    const message = keepOptions
      ? this.t("lcc-widget.loaded_country", { country: countryName, currency: answer.scenario.currency })
      : this.t("lcc-widget.loaded", {
        country: countryName, template: templateEntry ? templateEntry.title : this.t("lcc-widget.template.none"),
      });
    this.tell(message);
    this.changed();
  }

  async applyPreset() {
    const preset = this.field("preset").value;
    this.changedStructure();
    try {
      await this.whenReady();
    } catch {
      return;
    }
    const answer = await this.engine.call("lcc.apply_preset", { scenario: this.readPayload(), preset }, this.lang);
    if (!answer.ok) {
      this.show(answer);
      return;
    }
    this.applyForm(answer.form, { options: false });
    const entry = this.config.describe.presets.find((p) => p.id === preset);
    const provenance = {
      origin: "preset", source: entry.source, valid_from: String(entry.year),
      to_be_confirmed: entry.to_be_confirmed, illustrative: false,
    };
    const names = preset.startsWith("carbon:") ? ["carbon_price"] : ["nox_price", "nmhc_price", "pm_price", "carbon_price"];
    for (const name of names) {
      this.provenance[name] = provenance;
      this.buyerDefaults[name] = answer.form.buyer[name];
    }
    this.buyerDefaults.exchange_rate = answer.form.buyer.exchange_rate;
    this.buyerDefaults.externality_currency = answer.form.buyer.externality_currency;
    this.updateSources();
    this.tell(this.t("lcc-widget.preset.applied", { label: entry.label }));
    this.changed();
  }

  /** A change that needs the engine before the form is complete: show it as pending. */
  changedStructure() {
    this.edits += 1;
    this.markStale();
  }

  // ------------------------------------------------------------------ options

  optionCount() {
    return this.optionsBox.querySelectorAll(".gpp-lcc-option").length;
  }

  /** Rename option ``from`` to ``to``: names, ids, labels and the baseline mark. */
  reindex(fieldset, from, to) {
    fieldset.dataset.option = String(to);
    const swap = (text) => text.replaceAll(`options.${from}.`, `options.${to}.`)
      .replaceAll(`gpp-lcc-options-${from}-`, `gpp-lcc-options-${to}-`);
    for (const element of fieldset.querySelectorAll("[id], [for], [name], [aria-describedby], [data-field]")) {
      for (const attribute of ["id", "for", "name", "aria-describedby", "data-field"]) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, swap(value));
      }
    }
    fieldset.querySelector(".gpp-lcc-option__title").textContent = this.t("lcc-widget.option.legend", { number: to + 1 });
    fieldset.querySelector(".gpp-lcc-remove").setAttribute("aria-label", this.t("lcc-widget.option.remove", { number: to + 1 }));
    const legend = fieldset.querySelector("legend");
    const mark = legend.querySelector(".gpp-lcc-baseline");
    if (to === 0 && !mark) {
      const span = document.createElement("span");
      span.className = "gpp-lcc-baseline";
      span.textContent = `(${this.t("lcc-widget.option.baseline")})`;
      legend.append(" ", span);
    } else if (to !== 0 && mark) {
      if (mark.previousSibling && mark.previousSibling.nodeType === Node.TEXT_NODE) mark.previousSibling.remove();
      mark.remove();
    }
  }

  addOption({ quiet = false } = {}) {
    const count = this.optionCount();
    if (count >= this.config.describe.max_options) return;
    const last = this.optionsBox.querySelector(`.gpp-lcc-option[data-option="${count - 1}"]`);
    const clone = last.cloneNode(true);
    this.reindex(clone, count - 1, count);
    const defaults = this.config.describe.option_defaults;
    for (const control of clone.querySelectorAll("input, select")) {
      const name = control.name.split(".")[2];
      control.value = defaults[name] ?? "";
      control.removeAttribute("aria-invalid");
    }
    for (const field of clone.querySelectorAll(".gpp-field--invalid")) field.classList.remove("gpp-field--invalid");
    for (const slot of clone.querySelectorAll(".gpp-field__error")) {
      slot.textContent = "";
      slot.hidden = true;
    }
    clone.querySelector(".gpp-lcc-more").open = false;
    this.optionsBox.append(clone);
    this.updateOptionControls();
    if (quiet) return;
    this.optionsEdited = true;
    clone.querySelector("input").focus();
    this.announce(this.t("lcc-widget.option.added", { number: count + 1 }));
    this.changed();
  }

  removeOption(index, { quiet = false } = {}) {
    const count = this.optionCount();
    if (count <= this.config.describe.min_options) return;
    const fieldsets = [...this.optionsBox.querySelectorAll(".gpp-lcc-option")];
    fieldsets[index].remove();
    this.errorFields = this.errorFields.filter((field) => field.isConnected);
    for (let i = index + 1; i < count; i += 1) this.reindex(fieldsets[i], i, i - 1);
    this.updateOptionControls();
    if (quiet) return;
    this.optionsEdited = true;
    const next = this.optionsBox.querySelector(`.gpp-lcc-option[data-option="${Math.min(index, count - 2)}"] input`);
    if (next) next.focus();
    this.announce(this.t("lcc-widget.option.removed", { count: count - 1 }));
    this.changed();
  }

  updateOptionControls() {
    const count = this.optionCount();
    const { min_options: min, max_options: max } = this.config.describe;
    for (const button of this.optionsBox.querySelectorAll(".gpp-lcc-remove")) button.disabled = count <= min;
    this.root.querySelector(".gpp-lcc-add").disabled = count >= max;
    this.root.querySelector(".gpp-lcc-count").textContent = this.t("lcc-widget.options.count", { count, min, max });
  }

  // ------------------------------------------------------------------ result

  show(answer) {
    this.clearErrors();
    this.result.removeAttribute("aria-busy");
    if (answer.ok) {
      this.root.dataset.gppState = "current";
      this.render(answer.widget);
      this.setStatus(this.t("widget.ready"));
      this.announce(answer.widget.summary);
      return;
    }
    this.root.dataset.gppState = "invalid";
    this.summary.hidden = true;
    this.view.hidden = true;
    const general = [];
    for (const error of answer.errors || []) {
      if (!this.showError(error)) general.push(error.message);
    }
    if (general.length) {
      this.formError.textContent = general.join(" ");
      this.formError.hidden = false;
    }
    const message = answer.failure
      ? answer.message || this.t("widget.failed")
      : this.t("widget.fix_errors", { count: (answer.errors || []).length });
    this.setStatus(message);
    this.announce(message);
  }

  showError(error) {
    const field = this.root.querySelector(`.gpp-field[data-field="${CSS.escape(error.field)}"]`);
    if (!field) return false;
    const control = field.querySelector("input, select");
    const slot = field.querySelector(".gpp-field__error");
    slot.textContent = error.message;
    slot.hidden = false;
    control.setAttribute("aria-invalid", "true");
    field.classList.add("gpp-field--invalid");
    const details = field.closest("details");
    if (details) details.open = true;
    this.errorFields.push(field);
    return true;
  }

  clearErrors() {
    for (const field of this.errorFields) {
      field.classList.remove("gpp-field--invalid");
      field.querySelector("input, select").removeAttribute("aria-invalid");
      const slot = field.querySelector(".gpp-field__error");
      slot.textContent = "";
      slot.hidden = true;
    }
    this.errorFields = [];
    this.formError.textContent = "";
    this.formError.hidden = true;
  }

  /** The runtime's own table renderer (Intl formatting), into one container. */
  renderTables(container, tables, currency) {
    const host = Object.assign(Object.create(this.runtime.Widget.prototype), { config: this.config, strings: this.strings, view: container });
    host.renderView({ tables, notes: [], currency });
  }

  render(widget) {
    this.summary.textContent = widget.summary;
    this.summary.hidden = false;
    const part = (selector) => this.view.querySelector(selector);
    this.renderTables(part(".gpp-lcc-main-tables"), widget.tables.slice(0, 2), widget.currency);
    this.renderTables(part(".gpp-lcc-yearly-table"), [widget.yearly_table], widget.currency);
    this.renderTables(part(".gpp-lcc-sensitivity-tables"), [...widget.tables.slice(2), ...widget.sensitivity_tables], widget.currency);
    part(".gpp-lcc-sensitivity-summary").textContent = widget.sensitivity_summary;
    const notes = part(".gpp-notes");
    notes.replaceChildren(...widget.notes.map((note) => {
      const item = document.createElement("li");
      item.textContent = note;
      return item;
    }));
    this.view.hidden = false;
    this.chartData = widget.charts;
    this.currency = widget.currency;
    this.drawCharts();
  }

  // ------------------------------------------------------------------ charts

  async drawCharts() {
    const data = this.chartData;
    let Chart;
    try {
      Chart = await loadChartJs();
    } catch {
      this.chartsUnavailable();
      return;
    }
    if (data !== this.chartData) return; // a newer result is being drawn
    const colors = palette(this.root);
    const locale = this.config.locale;
    const currency = this.currency || this.field("currency").value;
    const configs = {
      cumulative: (chart) => cumulativeConfig({
        title: chart.title, xTitle: chart.x_label, yTitle: chart.y_label, years: chart.years,
        series: chart.series, locale, currency,
      }, colors),
      breakdown: (chart) => breakdownConfig({
        title: chart.title, yTitle: chart.y_label, options: chart.options, categories: chart.categories,
        locale, currency,
      }, colors),
      tornado: (chart) => tornadoConfig({
        title: chart.title, xTitle: chart.x_label, lowLabel: chart.low_label, highLabel: chart.high_label,
        base: chart.base, rows: chart.rows, locale, currency,
      }, colors),
    };
    for (const figure of this.view.querySelectorAll(".gpp-lcc-chart")) {
      const name = figure.dataset.chart;
      const chart = data[name];
      const empty = !chart || (name === "tornado" && !chart.rows.length);
      figure.hidden = empty;
      if (empty) {
        if (this.charts[name]) this.charts[name].destroy();
        delete this.charts[name];
        continue;
      }
      const canvas = figure.querySelector("canvas");
      canvas.setAttribute("aria-label", this.t("lcc-widget.chart.label", { title: chart.title, table: chart.table }));
      try {
        this.charts[name] = draw(Chart, canvas, this.charts[name], configs[name](chart));
      } catch (error) {
        console.warn(error);
        delete this.charts[name];
        figure.hidden = true;
      }
    }
  }

  chartsUnavailable() {
    if (this.view.querySelector(".gpp-lcc-charts-note")) return;
    const note = document.createElement("p");
    note.className = "gpp-lcc-charts-note";
    note.textContent = this.t("lcc-widget.chart.unavailable");
    this.view.querySelector(".gpp-lcc-charts").before(note);
  }

  // ------------------------------------------------------------------ exports and links

  async download(format) {
    try {
      await this.whenReady();
    } catch {
      return;
    }
    const answer = await this.engine.call("lcc.export", { scenario: this.readPayload(), format }, this.lang);
    if (!answer.ok) {
      this.show(answer);
      this.shareStatus.textContent = this.t("lcc-widget.export.failed");
      return;
    }
    const body = answer.base64 !== undefined ? base64ToBytes(answer.base64) : answer.text;
    this.runtime.saveFile(body, answer.filename, answer.mime);
    this.shareStatus.textContent = this.t("lcc-widget.export.done", { filename: answer.filename });
  }

  async share() {
    try {
      await this.whenReady();
    } catch {
      return;
    }
    const answer = await this.engine.call("lcc.share_encode", { scenario: this.readPayload() }, this.lang);
    if (!answer.ok) {
      this.show(answer);
      this.shareStatus.textContent = this.t("lcc-widget.export.failed");
      return;
    }
    const url = `${location.href.split("#")[0]}${SHARE_PREFIX}${answer.fragment}`;
    this.openedFragment = `${SHARE_PREFIX.slice(1)}${answer.fragment}`;
    history.replaceState(null, "", url);
    const box = this.root.querySelector(".gpp-lcc-share-field");
    const input = box.querySelector("input");
    input.value = url;
    box.hidden = false;
    try {
      await navigator.clipboard.writeText(url);
      this.shareStatus.textContent = this.t("lcc-widget.share.copied");
    } catch {
      input.focus();
      input.select();
      this.shareStatus.textContent = this.t("lcc-widget.share.copy_failed");
    }
  }

  /** Open the scenario in the URL fragment (#lcc=...), validated by gpp_core. */
  async openShareFromUrl() {
    const fragment = shareFragment();
    if (!fragment || fragment === this.openedFragment) return;
    this.openedFragment = fragment;
    this.linkError.hidden = true;
    this.setStatus(this.t("widget.pending"));
    try {
      await this.whenReady();
    } catch {
      return;
    }
    const answer = await this.engine.call("lcc.share_decode", { fragment }, this.lang);
    if (!answer.ok) {
      const message = [this.t("lcc-widget.share.error"), ...answer.errors.map((e) => e.message)].join(" ");
      this.linkError.textContent = message;
      this.linkError.hidden = false;
      this.setStatus(this.root.dataset.gppState === "current" ? this.t("widget.ready") : this.t("widget.static_result"));
      this.announce(message);
      return;
    }
    const country = answer.scenario.country;
    const pack = await this.engine.call("lcc.defaults", { country, template: null }, this.lang);
    this.applyForm(answer.form);
    this.series = answer.scenario.buyer.grid_factor_by_year;
    if (pack.ok) {
      this.provenance = pack.provenance;
      this.buyerDefaults = pack.form.buyer;
    }
    this.updateSources();
    this.optionsEdited = true;
    this.tell(this.t("lcc-widget.share.opened"));
    this.changed();
  }
}
