// Priority setting: rank product groups by weighted criteria, recomputed on every edit.
//
// Markup: gpp_core/calculators/priorities.py (render_html). The form holds the criterion
// weights, "rescale", the spend mode and a table with one editable row per product group;
// this module adds and removes rows, keeps their labels in step with the group names,
// sends the form as typed to gpp_core ("priorities.rank") and shows the ranking and its
// CSV and JSON downloads (the text of both files comes from gpp_core).
import { Tool } from "./monitoring-shared.js";

const NAME = "priorities";

class Priorities extends Tool {
  constructor(root, runtime) {
    super(root, runtime);
    this.body = root.querySelector(".gpp-score-table tbody");
    this.addButton = root.querySelector(".gpp-add");
    this.downloads = root.querySelector(".gpp-downloads");
    this.csvLink = root.querySelector(".gpp-download-csv");
    this.jsonLink = root.querySelector(".gpp-download-json");
    this.criteria = [...root.querySelectorAll(".gpp-score-table thead th[data-criterion]")].map(
      (th) => th.dataset.criterion,
    );
    this.nextId = this.rows().length; // unique element ids for new rows
    this.nextNumber = 1; // "New group 1", "New group 2"...
    this.addButton.hidden = false;
    this.addButton.addEventListener("click", () => this.addRow());
    for (const row of this.rows()) this.enhanceRow(row);
    this.form.elements.spend_mode.addEventListener("change", () => this.updateHeads());
  }

  rows() {
    return [...this.body.querySelectorAll("tr.gpp-group-row")];
  }

  enhanceRow(row) {
    const remove = row.querySelector(".gpp-remove");
    remove.hidden = false;
    remove.addEventListener("click", () => this.removeRow(row));
    row.querySelector('input[name="name"]').addEventListener("input", () => this.relabel(row));
  }

  /** Labels of a row's cells and its remove button follow the group's name. */
  relabel(row) {
    const name = row.querySelector('input[name="name"]').value;
    for (const criterion of this.criteria) {
      const label = row.querySelector(`td[data-criterion="${criterion}"] .gpp-cell-label`);
      label.textContent = this.t(`${NAME}.cell_label`, {
        criterion: this.t(`${NAME}.criterion.${criterion}`), group: name,
      });
    }
    row.querySelector(".gpp-remove-name").textContent = `: ${name}`;
  }

  renumber() {
    this.rows().forEach((row, index) => {
      row.querySelector('td[data-criterion="name"] label').textContent = this.t(`${NAME}.name_label`, { n: index + 1 });
    });
  }

  addRow() {
    const uid = `${this.root.id}-g${this.nextId++}`;
    const name = this.t(`${NAME}.new_group`, { n: this.nextNumber });
    const id = `custom-${this.nextNumber++}`;
    const el = (...args) => this.element(...args);
    const row = el("tr", { class: "gpp-group-row" });
    const nameCell = el("td", { class: "gpp-cell", "data-criterion": "name", "data-label": this.headText(0) });
    nameCell.append(
      el("label", { class: "gpp-visually-hidden", for: `${uid}-name` }),
      el("input", {
        id: `${uid}-name`, name: "name", type: "text", maxlength: "80", autocomplete: "off",
        "aria-describedby": `${uid}-name-error`,
      }),
      el("input", { type: "hidden", name: "id", value: id }),
      el("p", { class: "gpp-field__error", id: `${uid}-name-error`, hidden: "" }),
    );
    nameCell.querySelector('input[name="name"]').value = name;
    row.append(nameCell);
    this.criteria.forEach((criterion, index) => {
      const cell = el("td", { class: "gpp-cell", "data-criterion": criterion, "data-label": this.headText(index + 1) });
      const input = el("input", {
        id: `${uid}-${criterion}`, name: criterion, type: "text", inputmode: "decimal",
        autocomplete: "off", "aria-describedby": `${uid}-${criterion}-error`,
      });
      input.value = "3";
      cell.append(
        el("label", { class: "gpp-visually-hidden gpp-cell-label", for: `${uid}-${criterion}` }),
        input,
        el("p", { class: "gpp-field__error", id: `${uid}-${criterion}-error`, hidden: "" }),
      );
      row.append(cell);
    });
    const action = el("td", { class: "gpp-cell gpp-cell--action" });
    const remove = el("button", { type: "button", class: "gpp-button gpp-button--small gpp-remove" }, this.t(`${NAME}.remove`));
    remove.append(el("span", { class: "gpp-visually-hidden gpp-remove-name" }));
    action.append(remove);
    row.append(action);
    this.body.append(row);
    this.enhanceRow(row);
    this.relabel(row);
    this.renumber();
    const nameInput = nameCell.querySelector('input[name="name"]');
    nameInput.focus();
    nameInput.select();
    this.changed();
    this.announceNow(this.t(`${NAME}.added`, { name }));
  }

  removeRow(row) {
    const rows = this.rows();
    const index = rows.indexOf(row);
    const name = row.querySelector('input[name="name"]').value;
    row.remove();
    this.renumber();
    const next = this.rows()[index] || this.rows()[index - 1];
    (next ? next.querySelector(".gpp-remove") : this.addButton).focus();
    this.changed();
    this.announceNow(this.t(`${NAME}.removed`, { name }));
  }

  announceNow(text) {
    // The recomputed result is announced later (announce() waits for typing to pause).
    this.announcer.textContent = text;
  }

  headText(index) {
    return this.root.querySelectorAll(".gpp-score-table thead th")[index].textContent;
  }

  updateHeads() {
    const mode = this.form.elements.spend_mode.value;
    for (const th of this.root.querySelectorAll(".gpp-score-table thead th[data-criterion]")) {
      th.textContent = this.t(`${NAME}.head.${th.dataset.criterion}.${mode}`);
    }
  }

  payload() {
    const data = { groups: [] };
    for (const element of this.form.elements) {
      if (!element.name || element.closest("tr.gpp-group-row")) continue;
      data[element.name] = element.type === "checkbox" ? (element.checked ? "on" : "") : element.value;
    }
    for (const row of this.rows()) {
      const group = {};
      for (const input of row.querySelectorAll("input[name]")) group[input.name] = input.value;
      data.groups.push(group);
    }
    return data;
  }

  errorTarget(field) {
    const match = /^group\.(\d+)\.([a-z_]+)$/.exec(field);
    if (!match) return super.errorTarget(field);
    const row = this.rows()[Number(match[1])];
    const cell = row && row.querySelector(`td[data-criterion="${match[2]}"]`);
    if (!cell) return null;
    return {
      slot: cell.querySelector(".gpp-field__error"),
      control: cell.querySelector("input:not([type=hidden])"),
      box: cell,
    };
  }

  render(answer) {
    super.render(answer);
    this.csvLink.href = `data:text/csv;charset=utf-8,${encodeURIComponent(answer.csv)}`;
    this.jsonLink.href = `data:application/json;charset=utf-8,${encodeURIComponent(answer.json)}`;
    this.downloads.hidden = false;
  }

  renderInvalid() {
    this.downloads.hidden = true; // never offer a file that no longer matches the form
  }
}

export default function mount(root, runtime) {
  return new Priorities(root, runtime);
}
