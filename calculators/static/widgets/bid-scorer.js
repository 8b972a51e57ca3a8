// The bid scorer: enhances the form that the build prerendered (settings, criteria,
// bids), lets the reader add and remove bids and criteria, and asks gpp_core
// (bid-scorer.score) for the result on every edit: the ranking, the points, the weighted
// scores, the warnings and the sensitivity sentence arrive as texts written by gpp_core
// and are only placed in the page here. Errors are shown next to their fields.
// It computes nothing.

import { Widget } from "../widget.js";

const P = "gpp-bid-scorer";

function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => (
    { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" }[c]
  ));
}

function id(field) {
  return `${P}-${field.replace(/\./g, "-")}`;
}

export default function mount(root, runtime) {
  return new Scorer(root, runtime);
}

class Scorer extends Widget {
  constructor(root) {
    super(root);
    this.criteriaList = root.querySelector(".gpp-criteria");
    this.bidsList = root.querySelector(".gpp-bids");
    this.countryNote = root.querySelector(".gpp-country-note");
    for (const button of root.querySelectorAll("button[data-action]")) button.hidden = false;
    this.form.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (button) this.act(button.dataset.action, Number(button.dataset.index));
    });
  }

  request() {
    return this.engine.call("bid-scorer.score", this.payload(), this.config.lang);
  }

  // ------------------------------------------------------------------ reading the form

  value(name, scope = this.form) {
    const element = scope.querySelector(`[name="${name}"]`);
    if (!element) return "";
    return element.type === "checkbox" ? element.checked : element.value;
  }

  state() {
    const settings = {};
    for (const name of ["country", "method", "currency", "price_basis", "price_weight", "budget",
      "rounding", "decimals", "abnormally_low_threshold"]) settings[name] = this.value(name);
    settings.normalise_weights = this.value("normalise_weights") ? "yes" : "no";
    const criteria = [...this.criteriaList.querySelectorAll(":scope > fieldset")].map((card, n) => ({
      key: card.dataset.criterion,
      name: this.value(`criteria.${n}.name`, card),
      kind: this.value(`criteria.${n}.kind`, card),
      weight: this.value(`criteria.${n}.weight`, card),
      max_score: this.value(`criteria.${n}.max_score`, card),
    }));
    const bids = [...this.bidsList.querySelectorAll(":scope > fieldset")].map((card, n) => {
      const scores = {};
      for (const input of card.querySelectorAll(`[name^="bids.${n}.scores."]`)) {
        scores[input.name.split(".scores.")[1]] = input.value;
      }
      return {
        name: this.value(`bids.${n}.name`, card),
        price: this.value(`bids.${n}.price`, card),
        level: this.value(`bids.${n}.level`, card) || "0",
        scores,
      };
    });
    return { settings, criteria, bids };
  }

  payload() {
    const state = this.state();
    return { ...state, settings: { ...state.settings, normalise_weights: state.settings.normalise_weights === "yes" } };
  }

  // ------------------------------------------------------------- building the markup

  field(fieldName, label, value, { mode = "decimal", help = "" } = {}) {
    const ident = id(fieldName);
    const described = help ? `${ident}-help ${ident}-error` : `${ident}-error`;
    const extra = mode ? ` inputmode="${mode}"` : ' maxlength="80"';
    return `<div class="gpp-field" data-field="${esc(fieldName)}"><label for="${ident}">${esc(label)}</label>`
      + `<input id="${ident}" name="${esc(fieldName)}" type="text"${extra} autocomplete="off" value="${esc(value)}" aria-describedby="${described}">`
      + (help ? `<p class="gpp-field__help" id="${ident}-help">${esc(help)}</p>` : "")
      + `<p class="gpp-field__error" id="${ident}-error" hidden></p></div>`;
  }

  select(fieldName, label, options, selected) {
    const ident = id(fieldName);
    const opts = options.map(([v, text]) => `<option value="${esc(v)}"${v === selected ? " selected" : ""}>${esc(text)}</option>`).join("");
    return `<div class="gpp-field" data-field="${esc(fieldName)}"><label for="${ident}">${esc(label)}</label>`
      + `<select id="${ident}" name="${esc(fieldName)}" aria-describedby="${ident}-error">${opts}</select>`
      + `<p class="gpp-field__error" id="${ident}-error" hidden></p></div>`;
  }

  button(action, text, index) {
    return `<button type="button" class="gpp-button gpp-button--secondary" data-action="${action}" data-index="${index}">${esc(text)}</button>`;
  }

  criterionCard(n, c) {
    const where = `criteria.${n}`;
    const kinds = Object.entries(this.config.kinds);
    return `<fieldset class="gpp-group gpp-card" data-criterion="${esc(c.key)}"><legend>${esc(this.t("bid-scorer.criterion", { n: n + 1 }))}</legend>`
      + this.field(`${where}.name`, this.t("bid-scorer.field.name.label"), c.name, { mode: "" })
      + this.select(`${where}.kind`, this.t("bid-scorer.field.kind.label"), kinds, c.kind)
      + this.field(`${where}.weight`, this.t("bid-scorer.field.weight.label"), c.weight)
      + this.field(`${where}.max_score`, this.t("bid-scorer.field.max_score.label"), c.max_score)
      + this.button("remove-criterion", this.t("bid-scorer.remove_criterion", { n: n + 1 }), n)
      + "</fieldset>";
  }

  scoreLabel(c, m) {
    return this.t("bid-scorer.field.score.label", {
      criterion: c.name || this.t("bid-scorer.criterion", { n: m + 1 }), max: c.max_score,
    });
  }

  priceLabel(settings) {
    return settings.price_basis === "life-cycle-cost"
      ? this.t("bid-scorer.field.price_lcc.label") : this.t("bid-scorer.field.price.label");
  }

  bidCard(n, b, criteria, settings) {
    const where = `bids.${n}`;
    const fictitious = settings.method === "fictitious-discount";
    const level = this.select(`${where}.level`, this.t("bid-scorer.field.level.label"), this.config.levels, b.level || "0");
    return `<fieldset class="gpp-group gpp-card" data-bid="${n}"><legend>${esc(this.t("bid-scorer.bid", { n: n + 1 }))}</legend>`
      + this.field(`${where}.name`, this.t("bid-scorer.field.bid_name.label"), b.name, { mode: "" })
      + this.field(`${where}.price`, this.priceLabel(settings), b.price)
      + `<div class="gpp-level"${fictitious ? "" : " hidden"}>${level}</div>`
      + criteria.map((c, m) => this.field(`${where}.scores.${c.key}`, this.scoreLabel(c, m), b.scores[c.key] ?? "")).join("")
      + this.button("remove-bid", this.t("bid-scorer.remove_bid", { n: n + 1 }), n)
      + "</fieldset>";
  }

  rebuild(state) {
    this.clearErrors();
    this.criteriaList.innerHTML = state.criteria.map((c, n) => this.criterionCard(n, c)).join("");
    this.bidsList.innerHTML = state.bids.map((b, n) => this.bidCard(n, b, state.criteria, state.settings)).join("");
  }

  // ---------------------------------------------------------------------- reacting

  act(action, index) {
    const state = this.state();
    let focus = null;
    if (action === "add-criterion") {
      const used = state.criteria.map((c) => Number(c.key.replace(/\D/g, "")) || 0);
      const key = `c${Math.max(0, ...used) + 1}`;
      state.criteria.push({ key, name: "", kind: "sustainability", weight: "0", max_score: "100" });
      focus = `#${id(`criteria.${state.criteria.length - 1}.name`)}`;
    } else if (action === "remove-criterion") {
      const [removed] = state.criteria.splice(index, 1);
      for (const bid of state.bids) delete bid.scores[removed.key];
      focus = `[data-action="add-criterion"]`;
    } else if (action === "add-bid") {
      state.bids.push({ name: "", price: "", level: "0", scores: {} });
      focus = `#${id(`bids.${state.bids.length - 1}.name`)}`;
    } else if (action === "remove-bid") {
      state.bids.splice(index, 1);
      focus = `[data-action="add-bid"]`;
    } else {
      return;
    }
    this.rebuild(state);
    const target = this.root.querySelector(focus);
    if (target) target.focus();
    this.changed();
  }

  edited(event) {
    const name = event.target.name || "";
    if (event.type === "change" && name === "country") this.applyCountry(event.target.value);
    if (name === "method" || name === "price_basis" || name === "country") this.relabel();
    if (/^criteria\.\d+\.(name|max_score)$/.test(name)) this.relabel();
    if (event.type === "input" || !["INPUT"].includes(event.target.tagName)) this.changed();
  }

  applyCountry(country) {
    const defaults = this.config.countries[country];
    if (!defaults) return;
    for (const [name, record] of Object.entries(defaults)) {
      const element = this.form.querySelector(`[name="${name}"]`);
      if (element) element.value = record.text;
    }
    this.countryNote.textContent = this.config.country_notes[country] || "";
  }

  relabel() {
    const state = this.state();
    const fictitious = state.settings.method === "fictitious-discount";
    state.bids.forEach((bid, n) => {
      const card = this.bidsList.children[n];
      card.querySelector(".gpp-level").hidden = !fictitious;
      card.querySelector(`label[for="${id(`bids.${n}.price`)}"]`).textContent = this.priceLabel(state.settings);
      state.criteria.forEach((c, m) => {
        const label = card.querySelector(`label[for="${id(`bids.${n}.scores.${c.key}`)}"]`);
        if (label) label.textContent = this.scoreLabel(c, m);
      });
    });
  }

  // ----------------------------------------------------------------------- showing

  errorTarget(field) {
    const slot = this.root.querySelector(`#${id(field)}-error`);
    if (!slot) return null;
    return { slot, control: this.root.querySelector(`#${id(field)}`), box: slot.closest(".gpp-field") };
  }

  announcement(view) {
    return `${view.summary} ${view.sensitivity}`;
  }

  render(answer) {
    this.view.innerHTML = this.viewHtml(answer.view);
  }

  /** The view's texts (written by gpp_core) in the same markup as the prerender. */
  viewHtml(view) {
    const parts = view.tables.map((table) => {
      const head = table.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join("");
      const body = table.rows.map((row) => {
        const cells = row.cells.map((cell, i) => (
          `<td data-kind="${esc(cell.kind)}" data-label="${esc(table.columns[i + 1])}">${esc(cell.text)}</td>`
        )).join("");
        return `<tr${row.emphasis ? ' class="gpp-row--emphasis"' : ""}><th scope="row">${esc(row.label)}</th>${cells}</tr>`;
      }).join("");
      return `<div class="gpp-table-wrap" tabindex="0" role="region" aria-label="${esc(table.caption)}">`
        + `<table class="gpp-table"><caption>${esc(table.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
    });
    if (view.warnings.length) {
      parts.push(`<ul class="gpp-warnings">${view.warnings.map((w) => `<li>${esc(w)}</li>`).join("")}</ul>`);
    }
    parts.push(`<p class="gpp-sensitivity">${esc(view.sensitivity)}</p>`);
    parts.push(`<ul class="gpp-notes">${view.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>`);
    return parts.join("");
  }
}
