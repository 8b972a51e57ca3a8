// Shared by the monitoring widgets (sdg1271.js, priorities.js).
//
// The build prerendered the form and the result of its initial values (gpp_core,
// gpp_core/monitoring_html.py). Everything a widget does between an edit and the new
// result (stale state, the engine call to config.endpoint, errors next to their
// fields, announcements) is the runtime's Widget; a tool adds its payload(), and
// render(answer) when it shows more than the tables and notes. Nothing here computes a
// figure.
import { Widget } from "../widget.js";

export class Tool extends Widget {
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
}
