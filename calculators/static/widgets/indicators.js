// Indicators from procurement records: open a CSV, XLSX or OCDS JSON file from the
// reader's own computer, see the indicators, a breakdown with bars, the rejected rows and
// their reasons, and download the results.
//
// Markup: gpp_core/calculators/indicators.py (render_html), prerendered at build time with
// the illustrative example dataset. The file is read here with FileReader and its bytes
// are sent, base64-encoded, to gpp_core in the page's Web Worker (endpoint
// "indicators.compute"): it never leaves the browser. Every figure, sentence, error
// message and the text of the CSV downloads come from gpp_core; this script lays them
// out and formats numbers with Intl.NumberFormat.

const ENDPOINT = "indicators.compute";

export default function mount(root, runtime) {
  return new Indicators(root, runtime);
}

/** ArrayBuffer -> base64, in chunks (String.fromCharCode has an argument limit). */
function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

class Indicators {
  constructor(root, runtime) {
    this.root = root;
    this.runtime = runtime;
    this.engine = runtime.engine;
    this.config = JSON.parse(root.querySelector(".gpp-config").textContent);
    this.strings = this.config.strings;
    this.form = root.querySelector("form");
    this.fileInput = this.form.elements.file;
    this.result = root.querySelector(".gpp-result");
    this.status = root.querySelector(".gpp-status");
    this.source = root.querySelector(".gpp-source");
    this.summary = root.querySelector(".gpp-summary");
    this.output = root.querySelector(".gpp-output");
    this.chartChoice = root.querySelector(".gpp-chart-choice");
    this.chartSelect = this.chartChoice.querySelector("select");
    this.downloads = root.querySelector(".gpp-downloads");
    this.announcer = root.querySelector(".gpp-announce");
    this.progress = element("progress", { class: "gpp-progress", "aria-hidden": "true" });
    this.progress.max = runtime.STEPS;
    this.progress.hidden = true;
    this.status.after(this.progress);
    this.file = null; // {name, base64, size} once the reader opened a file
    this.answer = null;
    this.edits = 0;
    this.dirty = true; // the example is computed again in the browser once Python is ready
    this.invalid = [];

    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.fileInput.addEventListener("change", () => this.readFile());
    this.form.addEventListener("change", (event) => {
      if (event.target !== this.fileInput) this.changed();
    });
    this.form.addEventListener("input", (event) => {
      if (event.target.type === "text") this.changed(400);
    });
    this.form.addEventListener("focusin", () => this.engine.start(), { once: true });
    this.form.addEventListener("pointerdown", () => this.engine.start(), { once: true });
    this.chartSelect.addEventListener("change", () => this.renderChart());
    for (const button of this.downloads.querySelectorAll("button[data-download]")) {
      button.addEventListener("click", () => this.download(button.dataset.download));
    }
    root.dataset.gppState = "static";
    this.setStatus(this.t("indicators.status.example"));
    this.engine.widgets.add(this);
    this.engineChanged();
  }

  t(key, params = {}) {
    return this.runtime.format(this.strings[key] ?? key, params);
  }

  number(value, options = {}) {
    return new Intl.NumberFormat(this.config.locale, { signDisplay: "negative", ...options }).format(value);
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

  announce(text) {
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => { this.announcer.textContent = text; }, 700);
  }

  /** The reader chose a file: read its bytes (size checked first), then compute. */
  readFile() {
    const file = this.fileInput.files[0];
    this.clearErrors();
    if (!file) {
      this.file = null;
      this.changed();
      return;
    }
    if (file.size > this.config.max_bytes) {
      this.file = null;
      const mb = (bytes) => this.number(bytes / 1024 / 1024, { maximumFractionDigits: 1 });
      const message = this.t("indicators.error.too_large", {
        size: mb(file.size), max: mb(this.config.max_bytes),
      });
      this.showInvalid([{ field: "file", message }]);
      return;
    }
    this.edits += 1;
    const edit = this.edits;
    this.markStale(this.t("indicators.status.reading", { name: file.name }));
    const reader = new FileReader();
    reader.onload = () => {
      if (edit !== this.edits) return;
      this.file = { name: file.name, size: file.size, base64: toBase64(reader.result) };
      this.changed();
    };
    reader.onerror = () => {
      if (edit !== this.edits) return;
      this.showInvalid([{ field: "file", message: this.t("indicators.error.payload") }]);
    };
    reader.readAsArrayBuffer(file);
  }

  markStale(status) {
    this.root.dataset.gppState = "stale";
    this.result.setAttribute("aria-busy", "true");
    if (this.engine.state === "failed") {
      this.root.dataset.gppState = "failed";
      this.setStatus(this.t("widget.failed"));
      return;
    }
    if (this.engine.state !== "ready") this.engine.start();
    this.setStatus(status || (this.engine.state === "ready" ? this.t("indicators.status.computing") : this.t("widget.pending")));
  }

  changed(delay = 30) {
    this.edits += 1;
    this.dirty = true;
    this.markStale();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), delay);
  }

  payload() {
    const by = [...this.form.querySelectorAll('input[name="by"]:checked')].map((box) => box.value);
    const common = {
      by,
      currency: this.form.elements.currency.value,
      rates: this.form.elements.rates.value,
    };
    if (this.file) {
      return { ...common, base64: this.file.base64, filename: this.file.name, size: this.file.size };
    }
    return { ...common, text: this.config.example.text, filename: "example.csv" };
  }

  async run() {
    if (this.engine.state !== "ready") return; // engineChanged() runs us when it is
    const edit = this.edits;
    const answer = await this.engine.call(ENDPOINT, this.payload(), this.config.lang);
    if (edit !== this.edits) return; // a newer edit or file is on its way
    this.dirty = false;
    this.show(answer);
  }

  show(answer) {
    this.clearErrors();
    this.result.removeAttribute("aria-busy");
    if (!answer.ok) {
      const errors = answer.failure
        ? [{ field: "file", message: answer.message || this.t("widget.failed") }]
        : answer.errors;
      this.showInvalid(errors);
      return;
    }
    this.answer = answer;
    this.root.dataset.gppState = "current";
    const view = answer.view;
    this.source.textContent = this.file
      ? this.t("indicators.source.file", { name: this.file.name })
      : this.config.example.name;
    this.summary.textContent = view.summary;
    this.summary.hidden = false;
    this.render(view);
    this.output.hidden = false;
    this.downloads.hidden = false;
    this.downloads.querySelector('[data-download="rejected"]').hidden = view.rejected.total_reasons === 0;
    const status = this.file
      ? this.t("indicators.status.done", { name: this.file.name })
      : this.t("indicators.status.example");
    this.setStatus(status);
    this.announce(`${status} ${view.summary}`);
  }

  /** Errors go next to their field; the old result (for other data) is hidden. */
  showInvalid(errors) {
    this.root.dataset.gppState = "invalid";
    this.result.removeAttribute("aria-busy");
    this.answer = null;
    this.summary.hidden = true;
    this.output.hidden = true;
    this.chartChoice.hidden = true;
    this.downloads.hidden = true;
    for (const error of errors) {
      const slot = this.root.querySelector(`#gpp-indicators-${error.field}-error`)
        || this.root.querySelector("#gpp-indicators-file-error");
      const box = slot.closest(".gpp-field");
      const control = box.querySelector("input");
      slot.textContent = error.message;
      slot.hidden = false;
      box.classList.add("gpp-field--invalid");
      if (control) control.setAttribute("aria-invalid", "true");
      this.invalid.push({ slot, box, control });
    }
    const onFile = errors.every((error) => error.field === "file");
    const status = onFile ? this.t("indicators.status.error") : this.t("indicators.status.fix_fields");
    this.setStatus(status);
    this.announce(`${status} ${errors.map((error) => error.message).join(" ")}`);
  }

  clearErrors() {
    for (const { slot, box, control } of this.invalid) {
      slot.textContent = "";
      slot.hidden = true;
      box.classList.remove("gpp-field--invalid");
      if (control) control.removeAttribute("aria-invalid");
    }
    this.invalid = [];
  }

  formatCell(cell, currency) {
    switch (cell.kind) {
      case "money":
        return this.number(cell.value, { style: "currency", currency });
      case "percent":
        return this.number(cell.value, { style: "percent", maximumFractionDigits: 1 });
      case "number":
        return this.number(cell.value, { maximumFractionDigits: 2 });
      default:
        return String(cell.value);
    }
  }

  /** A table of the view, as gpp_core's prerender writes it (bars in a chart table). */
  table(table, currency, chart = false) {
    const caption = table.caption;
    const wrap = element("div", { class: "gpp-table-wrap", tabindex: "0", role: "region", "aria-label": caption });
    const node = element("table", { class: chart ? "gpp-table gpp-chart" : "gpp-table" });
    node.append(element("caption", {}, caption));
    const headRow = element("tr");
    for (const column of table.columns) headRow.append(element("th", { scope: "col" }, column));
    const head = element("thead");
    head.append(headRow);
    const body = element("tbody");
    for (const row of table.rows) {
      const tr = element("tr");
      tr.append(element("th", { scope: "row" }, row.label));
      row.cells.forEach((cell, index) => {
        const label = table.columns[index + 1];
        if (cell.kind === "empty") {
          tr.append(element("td", { "data-kind": "empty" }));
        } else if (cell.value === null || cell.value === undefined) {
          tr.append(element("td", { "data-kind": "none", "data-label": label }, this.t("indicators.na")));
        } else {
          const td = element("td", { "data-kind": cell.kind, "data-label": label, "data-value": String(cell.value) });
          if (chart && index === 0 && row.bar !== null && row.bar !== undefined) {
            const bar = element("span", { class: "gpp-bar", "aria-hidden": "true" });
            const fill = element("span");
            fill.style.width = `${(row.bar * 100).toFixed(1)}%`;
            bar.append(fill);
            td.append(bar);
          }
          td.append(element("span", { class: "gpp-num" }, this.formatCell(cell, currency)));
          tr.append(td);
        }
      });
      body.append(tr);
    }
    node.append(head, body);
    wrap.append(node);
    return wrap;
  }

  render(view) {
    const views = element("div", { class: "gpp-view" });
    for (const table of view.tables) views.append(this.table(table, view.currency));
    const chartArea = element("div", { class: "gpp-chart-area" });
    const rejected = view.rejected;
    const title = element("p", { class: "gpp-rejected__title" }, rejected.title);
    const list = element("div", { class: "gpp-rejected" });
    if (rejected.reasons.length) {
      const caption = this.t("indicators.rejected.caption");
      const wrap = element("div", { class: "gpp-table-wrap", tabindex: "0", role: "region", "aria-label": caption });
      const node = element("table", { class: "gpp-table gpp-rejected__table" });
      node.append(element("caption", {}, caption));
      const headRow = element("tr");
      const labels = ["indicators.rejected.row", "indicators.rejected.column", "indicators.rejected.reason"]
        .map((key) => this.t(key));
      for (const label of labels) headRow.append(element("th", { scope: "col" }, label));
      const head = element("thead");
      head.append(headRow);
      const body = element("tbody");
      for (const reason of rejected.reasons) {
        const tr = element("tr");
        tr.append(
          element("td", { "data-label": labels[0] }, this.number(reason.row)),
          element("td", { "data-label": labels[1] }, reason.column),
          element("td", { "data-label": labels[2] }, reason.message),
        );
        body.append(tr);
      }
      node.append(head, body);
      wrap.append(node);
      list.append(wrap);
      if (rejected.more) list.append(element("p", { class: "gpp-rejected__more" }, rejected.more));
    } else {
      list.append(element("p", { class: "gpp-rejected__none" }, this.t("indicators.rejected.none")));
    }
    const notes = element("ul", { class: "gpp-notes" });
    for (const note of view.notes) notes.append(element("li", {}, note));
    this.output.replaceChildren(views, chartArea, title, list, notes);
    this.chartArea = chartArea;
    // The indicator choice lists what this result can break down.
    const chosen = this.chartSelect.value;
    const options = view.chart_options.map((option) => {
      const node = element("option", { value: option.id }, option.name);
      node.selected = option.id === chosen;
      return node;
    });
    this.chartSelect.replaceChildren(...options);
    this.chartChoice.hidden = options.length === 0;
    this.renderChart();
  }

  renderChart() {
    if (!this.answer || !this.chartArea) return;
    const view = this.answer.view;
    const table = view.breakdown[this.chartSelect.value];
    this.chartArea.replaceChildren(...(table ? [this.table(table, view.currency, true)] : []));
  }

  download(kind) {
    if (!this.answer) return;
    const text = kind === "rejected" ? this.answer.rejected_csv : this.answer.csv;
    this.runtime.saveFile(text, this.answer.filenames[kind], "text/csv;charset=utf-8");
  }
}
