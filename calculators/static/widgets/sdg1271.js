// SDG indicator 12.7.1 self-assessment: recompute the scores on every answer.
//
// Markup: gpp_core/calculators/sdg1271.py (render_html). The questionnaire is a real
// form (radio groups, the share F.1, the component weights and "rescale"); this module
// sends it as typed to gpp_core ("sdg-12-7-1.assess") and shows the score per component,
// the items where the score can rise most, the notes, and the answers table that is
// printed with the result. "Print the result" prints the result alone.
import { Tool } from "./monitoring-shared.js";

class SelfAssessment extends Tool {
  constructor(root, runtime) {
    super(root, runtime);
    this.answers = root.querySelector(".gpp-answers");
    this.printButton = root.querySelector(".gpp-print");
    this.printDate = root.querySelector(".gpp-print-date");
    this.printButton.hidden = false;
    this.printButton.addEventListener("click", () => this.print());
    window.addEventListener("beforeprint", () => this.stampDate());
  }

  payload() {
    const data = {};
    for (const element of this.form.elements) {
      if (!element.name) continue;
      if (element.type === "radio") {
        if (element.checked) data[element.name] = element.value;
      } else if (element.type === "checkbox") {
        data[element.name] = element.checked ? "on" : "";
      } else {
        data[element.name] = element.value;
      }
    }
    return data;
  }

  render(answer) {
    const view = answer.view;
    const fragment = document.createDocumentFragment();
    for (const table of view.tables) fragment.append(this.table(table));
    const list = this.list(view.improvements_title, view.improvements, "gpp-improvements");
    if (list) fragment.append(list);
    fragment.append(this.notes(view.notes));
    this.view.replaceChildren(fragment);
    this.answers.replaceChildren(this.table(view.answers));
    this.printButton.disabled = false;
  }

  renderInvalid() {
    this.printButton.disabled = true;
  }

  stampDate() {
    const date = new Intl.DateTimeFormat(this.config.locale, { dateStyle: "long" }).format(new Date());
    this.printDate.textContent = `(${this.t("sdg-12-7-1.print.date", { date })})`;
  }

  print() {
    this.stampDate();
    const html = document.documentElement;
    html.classList.add("gpp-print-result");
    this.root.classList.add("gpp-print-target");
    const done = () => {
      html.classList.remove("gpp-print-result");
      this.root.classList.remove("gpp-print-target");
    };
    window.addEventListener("afterprint", done, { once: true });
    window.print();
  }
}

export default function mount(root, runtime) {
  return new SelfAssessment(root, runtime);
}
