// Calculator widgets: enhance the form that the build prerendered, and recompute every
// edit with gpp_core running in Pyodide inside a module Web Worker.
//
// The page already shows a correct result for its initial values (rendered at build
// time by the same gpp_core). This script:
//   * starts the engine when the page is idle, or on first interaction (on first
//     interaction only when the reader asked the browser to save data), with progress;
//   * on every edit marks the result stale at once, then shows the new result or the
//     errors next to their fields; a stale result is never presented as current;
//   * formats numbers with Intl.NumberFormat for the page's language and announces the
//     outcome to screen readers.
// Nothing here computes a figure: every number comes from gpp_core.
//
// Custom widgets. A calculator whose input is richer than a flat form (lists of options,
// bids, an uploaded file) prerenders its own markup with data-gpp-widget="NAME" on the
// root; this script then imports ./widgets/NAME.js and calls its default export,
// mount(root, runtime), where runtime = {engine, format, STEPS, STEP_KEYS}:
//   engine.start()                       boot Python (idempotent)
//   engine.state, engine.step            idle | loading | ready | failed; boot step 1..3
//   engine.widgets.add(obj)              obj.engineChanged() is called on every change
//   engine.call(endpoint, payload, lang) -> Promise of gpp_core.web.call's answer
//   engine.evaluate(calculator, form, lang) -> Promise of gpp_core.web.evaluate's answer

const script = document.querySelector("script[data-gpp-wheel]");
const PYODIDE_URL = new URL(script.dataset.gppPyodide, location.href).href;
const WHEEL_URL = new URL(script.dataset.gppWheel, location.href).href;
const WORKER_URL = new URL("worker.mjs", import.meta.url).href;
const STEPS = 3;
const STEP_KEYS = { 1: "widget.step.download", 2: "widget.step.engine", 3: "widget.step.start" };

/** The one engine of the page: a worker shared by every widget. */
const engine = {
  state: "idle", // idle | loading | ready | failed
  step: 0,
  worker: null,
  widgets: new Set(),
  pending: new Map(),
  nextId: 1,
  timings: null,

  /** Start the worker once; widgets hear of progress through notify(). */
  start() {
    if (this.worker) return;
    this.state = "loading";
    this.started = performance.now();
    this.worker = new Worker(WORKER_URL, { type: "module" });
    this.worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === "progress") {
        this.step = message.step;
        this.notify();
      } else if (message.type === "ready") {
        this.state = "ready";
        this.timings = { ...message.timings, total: Math.round(performance.now() - this.started) };
        this.notify();
      } else if (message.type === "failed") {
        this.fail(message.error);
      } else if (message.type === "answer") {
        const callback = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (callback) callback(message.answer);
      }
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.fail(event.message || "worker error");
    };
    this.worker.postMessage({ type: "init", pyodideURL: PYODIDE_URL, wheelURL: WHEEL_URL });
    this.notify();
  },

  fail(error) {
    this.state = "failed";
    this.error = error;
    this.notify();
  },

  notify() {
    for (const widget of this.widgets) widget.engineChanged();
  },

  evaluate(calculator, form, lang) {
    return this.request({ type: "evaluate", calculator, form, lang });
  },

  call(endpoint, payload, lang) {
    return this.request({ type: "call", endpoint, payload, lang });
  },

  request(message) {
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...message, id });
    });
  },
};

// Exposed for the benchmark and the browser tests (read-only use).
window.gppEngine = engine;

// Intl.NumberFormat objects are costly to build: one per locale and options, reused.
const FORMATTERS = new Map();
function numberFormat(locale, options) {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = FORMATTERS.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, options);
    FORMATTERS.set(key, formatter);
  }
  return formatter;
}

/** Offer `body` (text or bytes) as a download called `filename`, made in the page. */
export function saveFile(body, filename, type) {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function format(text, params) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/**
 * A calculator widget: the prerendered form and result, kept current by gpp_core.
 *
 * Used as it is for a flat form (engine.evaluate on the form's values), and as the base
 * class of the custom widgets (widgets/*.js), which override what differs:
 *   payload()        what to send (default: the form's values); sent to
 *                    engine.call(config.endpoint, ...) when the config names an endpoint
 *   render(answer)   draw a current result (default: the view's tables and notes)
 *   renderInvalid()  hide what must not be used while the result is invalid
 *   errorTarget(f)   {slot, control, box} for an error's field (default: the element
 *                    with id "<root id>-<field>-error" and its field box); the message
 *                    of an error without a place is added to the status line
 *   edited(event)    react to an edit before the recomputation (default: changed())
 *   announcement(v)  what a screen reader hears of a current result (default: summary)
 */
export class Widget {
  constructor(root) {
    this.root = root;
    this.runtime = runtime;
    this.engine = engine;
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
    this.progress.max = STEPS;
    this.progress.hidden = true;
    this.progress.setAttribute("aria-hidden", "true");
    this.status.after(this.progress);
    this.edits = 0; // number of edits so far; an answer for an older edit is dropped
    this.invalid = [];
    this.dirty = false;

    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.form.addEventListener("input", (event) => this.edited(event));
    this.form.addEventListener("change", (event) => this.edited(event));
    this.form.addEventListener("focusin", () => engine.start(), { once: true });
    this.form.addEventListener("pointerdown", () => engine.start(), { once: true });
    root.dataset.gppState = "static";
    this.setStatus(this.t("widget.static_result"));
    engine.widgets.add(this);
    this.engineChanged(); // a custom widget may mount after the engine has started
  }

  t(key, params = {}) {
    return format(this.strings[key] ?? key, params);
  }

  readForm() {
    const data = {};
    for (const element of this.form.elements) if (element.name) data[element.name] = element.value;
    return data;
  }

  payload() {
    return this.readForm();
  }

  engineChanged() {
    if (engine.state === "loading") {
      const step = Math.max(engine.step, 1);
      this.progress.hidden = false;
      this.progress.value = engine.step;
      this.setStatus(this.t("widget.loading", { step, steps: STEPS, what: this.t(STEP_KEYS[step]) }));
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

  edited() {
    this.changed();
  }

  /** Called on every edit (and by subclasses after adding or removing rows). */
  changed() {
    this.edits += 1;
    this.dirty = true;
    this.markStale();
    this.updateUnits();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), 30);
  }

  markStale() {
    this.root.dataset.gppState = "stale";
    this.result.setAttribute("aria-busy", "true");
    if (engine.state === "ready") this.setStatus(this.t("widget.stale"));
    else if (engine.state === "failed") {
      this.root.dataset.gppState = "failed";
      this.setStatus(this.t("widget.failed"));
    } else {
      engine.start();
      this.setStatus(this.t("widget.pending"));
    }
  }

  request() {
    const { endpoint, calculator, lang } = this.config;
    return endpoint ? engine.call(endpoint, this.payload(), lang) : engine.evaluate(calculator, this.payload(), lang);
  }

  async run() {
    if (engine.state !== "ready") return; // engineChanged() runs us when it is
    const edit = this.edits;
    const answer = await this.request();
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
      this.announce(this.announcement(answer.view));
      return;
    }
    this.root.dataset.gppState = "invalid";
    this.summary.hidden = true;
    this.view.hidden = true;
    this.renderInvalid();
    const errors = answer.errors || [];
    const unplaced = errors.filter((error) => !this.showError(error)).map((error) => error.message);
    let message = answer.failure
      ? answer.message || this.t("widget.failed")
      : this.t("widget.fix_errors", { count: errors.length });
    if (unplaced.length) message += ` ${unplaced.join(" ")}`;
    this.setStatus(message);
    this.announce(message);
  }

  announcement(view) {
    return view.summary;
  }

  render(answer) {
    this.renderView(answer.view);
  }

  renderInvalid() {}

  errorTarget(field) {
    const slot = document.getElementById(`${this.root.id}-${field}-error`);
    if (!slot) return null;
    const box = slot.closest(".gpp-field, .gpp-question, .gpp-cell");
    const control = box ? box.querySelector("input:not([type=hidden]), select") : null;
    return { slot, control, box };
  }

  /** Show an error next to its field; false when it has no place on the page. */
  showError(error) {
    const target = this.errorTarget(error.field);
    if (!target) return false;
    const { slot, control, box } = target;
    slot.textContent = slot.textContent ? `${slot.textContent} ${error.message}` : error.message;
    slot.hidden = false;
    if (control) control.setAttribute("aria-invalid", "true");
    if (box) box.classList.add("gpp-field--invalid");
    this.invalid.push(target);
    return true;
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

  updateUnits() {
    const currency = this.form.elements.currency ? this.form.elements.currency.value : "";
    for (const unit of this.root.querySelectorAll(".gpp-field__unit[data-unit]")) {
      const template = this.config.units && this.config.units[unit.dataset.unit];
      if (template) unit.textContent = `(${format(template, { currency })})`;
    }
  }

  formatCell(cell, currency = "USD") {
    const locale = this.config.locale;
    const base = { signDisplay: "negative" };
    switch (cell.kind) {
      case "money":
        return numberFormat(locale, { ...base, style: "currency", currency }).format(cell.value);
      case "years":
        return numberFormat(locale, { ...base, maximumFractionDigits: 1 }).format(cell.value);
      case "percent":
        return numberFormat(locale, { ...base, style: "percent", maximumFractionDigits: 1 }).format(cell.value);
      case "number":
        return numberFormat(locale, { ...base, maximumFractionDigits: 2 }).format(cell.value);
      case "empty":
        return "";
      default:
        return String(cell.value ?? "");
    }
  }

  element(tag, attributes = {}, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** One result table: the same markup as gpp_core.html.table_html. */
  table(table, currency) {
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
        const text = cell.value == null ? "" : this.formatCell(cell, currency);
        if (text) {
          const attributes = { "data-kind": cell.kind, "data-label": table.columns[index + 1] };
          if (cell.kind !== "text") attributes["data-value"] = String(cell.value);
          tr.append(el("td", attributes, text));
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

  notes(notes) {
    const list = this.element("ul", { class: "gpp-notes" });
    for (const note of notes) list.append(this.element("li", {}, note));
    return list;
  }

  renderView(view) {
    const fragment = document.createDocumentFragment();
    for (const table of view.tables) fragment.append(this.table(table, view.currency));
    if (view.notes && view.notes.length) fragment.append(this.notes(view.notes));
    this.view.replaceChildren(fragment);
  }
}

export const runtime = { engine, format, saveFile, STEPS, STEP_KEYS, Widget };

/** The preset in the URL fragment for the calculator `name` (`#name=1.…`), if any. */
function presetFragment(name) {
  const prefix = `#${name}=`;
  return location.hash.startsWith(prefix) ? location.hash.slice(1) : null;
}

function engineReady() {
  return new Promise((resolve, reject) => {
    const waiter = {
      engineChanged() {
        if (engine.state === "ready") resolve();
        else if (engine.state === "failed") reject(new Error(engine.error));
        else return;
        engine.widgets.delete(waiter);
      },
    };
    engine.widgets.add(waiter);
    engine.start();
    waiter.engineChanged();
  });
}

/**
 * Open a preset link (training exercises, case studies): gpp_core checks the values in
 * the fragment and renders the calculator with them (endpoint "preset.open"); that markup
 * takes the place of the calculator on the page. Until then the result shown is marked
 * stale and the form is inert, so it is never taken for the link's. A link that cannot
 * be opened leaves the calculator as it was, with the reason above it. Resolves to the
 * root now on the page (the new one, or `root` when the link could not be opened).
 */
async function openPreset(root, fragment) {
  const config = JSON.parse(root.querySelector(".gpp-config").textContent);
  const strings = config.strings || {};
  const status = root.querySelector(".gpp-status");
  const result = root.querySelector(".gpp-result");
  const form = root.querySelector("form");
  const before = { state: root.dataset.gppState, status: status.textContent };
  for (const old of root.querySelectorAll(":scope > .gpp-preset-error")) old.remove();
  root.dataset.gppState = "stale";
  result.setAttribute("aria-busy", "true");
  form.inert = true;
  status.textContent = strings["widget.preset.opening"] || "";
  let answer;
  try {
    await engineReady();
    answer = await engine.call("preset.open", { calculator: root.dataset.gppCalculator, fragment }, config.lang);
  } catch {
    answer = { ok: false, errors: [{ message: strings["widget.failed"] || "" }] };
  }
  form.inert = false;
  result.removeAttribute("aria-busy");
  if (!answer.ok) {
    const box = document.createElement("p");
    box.className = "gpp-preset-error";
    box.setAttribute("role", "alert");
    box.textContent = answer.errors.map((error) => error.message).join(" ");
    root.prepend(box);
    root.dataset.gppState = before.state || "static";
    status.textContent = before.status;
    return root;
  }
  const template = document.createElement("template");
  template.innerHTML = answer.html;
  const fresh = template.content.firstElementChild;
  fresh.dataset.gppPreset = "opened";
  if (root.gppWidget) engine.widgets.delete(root.gppWidget); // it no longer has a page
  root.replaceWith(fresh);
  const opened = strings["widget.preset.opened"] || "";
  await mountOne(fresh);
  fresh.querySelector(".gpp-status").textContent = opened;
  fresh.querySelector(".gpp-announce").textContent = opened;
  return fresh;
}

/** Enhance one calculator: the generic Widget, or the custom widget its root names. */
function mountOne(root) {
  root.dataset.gppMounted = "true";
  const custom = root.dataset.gppWidget;
  const made = custom
    ? import(new URL(`widgets/${custom}.js`, import.meta.url).href).then((module) => module.default(root, runtime))
    : Promise.resolve(new Widget(root));
  return made
    .then((widget) => {
      root.gppWidget = widget;
    })
    .catch((error) => {
      console.error(error);
      root.dataset.gppState = "failed";
    });
}

function mount() {
  for (const root of document.querySelectorAll("[data-gpp-calculator]:not([data-gpp-mounted])")) {
    const fragment = root.dataset.gppLinks === "own" ? null : presetFragment(root.dataset.gppCalculator);
    if (!fragment) {
      mountOne(root);
      continue;
    }
    root.dataset.gppMounted = "preset"; // mounted once the link is open (or cannot be)
    openPreset(root, fragment).then((shown) => shown === root && mountOne(root));
  }
}

/** A link to the same page that changes only the fragment opens its values too. */
function reopenPreset() {
  for (const root of document.querySelectorAll('[data-gpp-calculator][data-gpp-mounted="true"]')) {
    const fragment = root.dataset.gppLinks === "own" ? null : presetFragment(root.dataset.gppCalculator);
    if (fragment) openPreset(root, fragment);
  }
}

function bootWhenIdle() {
  const saveData = navigator.connection && navigator.connection.saveData;
  if (saveData || !document.querySelector("[data-gpp-calculator]")) return; // first interaction starts it
  const go = () => engine.start();
  if ("requestIdleCallback" in window) requestIdleCallback(go, { timeout: 3000 });
  else setTimeout(go, 1000);
}

mount();
window.addEventListener("hashchange", reopenPreset);
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => mount()); // survive Material's page switches
}
if (document.readyState === "complete") bootWhenIdle();
else window.addEventListener("load", bootWhenIdle, { once: true });
