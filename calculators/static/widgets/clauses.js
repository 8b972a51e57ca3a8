// The tender-clause builder: enhances the form that the build prerendered (country,
// groups, ambition level, dimensions) and asks gpp_core (clauses.assemble) for the
// clauses on every change. gpp_core writes the preview HTML and the three exports
// (Markdown, HTML, CSV); this script shows the preview, copies to the clipboard and
// offers the downloads. It computes nothing.

export default function mount(root, runtime) {
  return new ClauseBuilder(root, runtime);
}

class ClauseBuilder {
  constructor(root, runtime) {
    this.root = root;
    this.engine = runtime.engine;
    this.runtime = runtime;
    this.config = JSON.parse(root.querySelector(".gpp-config").textContent);
    this.form = root.querySelector("form");
    this.result = root.querySelector(".gpp-result");
    this.status = root.querySelector(".gpp-status");
    this.summary = root.querySelector(".gpp-summary");
    this.document = root.querySelector(".gpp-document");
    this.actions = root.querySelector(".gpp-actions");
    this.announcer = root.querySelector(".gpp-announce");
    this.edits = 0;
    this.answer = null; // the latest answer matching the form
    this.dirty = true; // the prerendered preview has no exports attached yet
    this.document.tabIndex = 0;
    this.document.setAttribute("role", "region");
    this.document.setAttribute("aria-label", this.t("clauses.preview"));

    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.form.addEventListener("change", () => this.changed());
    for (const event of ["focusin", "pointerdown"]) {
      this.root.addEventListener(event, () => this.engine.start(), { once: true });
    }
    this.actions.hidden = false;
    this.actions.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (button) this.act(button.dataset.action);
    });
    root.dataset.gppState = "static";
    this.setStatus(this.t("widget.static_result"));
    this.engine.widgets.add(this);
  }

  t(key, params = {}) {
    return this.runtime.format(this.config.strings[key] ?? key, params);
  }

  setStatus(text) {
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  announce(text) {
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => { this.announcer.textContent = text; }, 500);
  }

  engineChanged() {
    const engine = this.engine;
    if (engine.state === "loading") {
      const step = Math.max(engine.step, 1);
      this.setStatus(this.t("widget.loading", {
        step, steps: this.runtime.STEPS, what: this.t(this.runtime.STEP_KEYS[step]),
      }));
    } else if (engine.state === "ready") {
      if (this.root.dataset.gppState === "stale" || this.waiting) this.run();
      else this.setStatus(this.t("widget.ready"));
    } else if (engine.state === "failed") {
      this.root.dataset.gppState = "failed";
      this.setStatus(this.t("widget.failed"));
      this.announce(this.t("widget.failed"));
    }
  }

  payload() {
    const data = new FormData(this.form);
    return {
      country: data.get("country"),
      groups: data.getAll("groups"),
      level: data.get("level"),
      dimensions: data.getAll("dimensions"),
    };
  }

  changed() {
    this.edits += 1;
    this.dirty = true;
    this.answer = null;
    this.root.dataset.gppState = "stale";
    this.result.setAttribute("aria-busy", "true");
    if (this.engine.state === "ready") {
      this.setStatus(this.t("widget.stale"));
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.run(), 30);
    } else if (this.engine.state === "failed") {
      this.setStatus(this.t("widget.failed"));
    } else {
      this.engine.start();
      this.setStatus(this.t("widget.pending"));
    }
  }

  async run() {
    if (this.engine.state !== "ready") return;
    const edit = this.edits;
    const answer = await this.engine.call("clauses.assemble", this.payload(), this.config.lang);
    if (edit !== this.edits) return;
    this.dirty = false;
    this.show(answer);
    if (this.waiting) {
      const action = this.waiting;
      this.waiting = null;
      if (answer.ok) this.act(action);
    }
  }

  clearErrors() {
    for (const fieldset of this.form.querySelectorAll(".gpp-choices[aria-invalid]")) {
      fieldset.removeAttribute("aria-invalid");
      const slot = fieldset.querySelector(".gpp-field__error");
      slot.textContent = "";
      slot.hidden = true;
    }
  }

  show(answer) {
    this.clearErrors();
    this.result.removeAttribute("aria-busy");
    if (answer.ok) {
      this.answer = answer;
      this.root.dataset.gppState = "current";
      this.summary.textContent = answer.summary;
      this.summary.hidden = false;
      this.document.innerHTML = answer.preview; // HTML written (and escaped) by gpp_core
      this.document.hidden = false;
      this.actions.hidden = false;
      this.setStatus(this.t("widget.ready"));
      this.announce(answer.summary);
      return;
    }
    this.root.dataset.gppState = "invalid";
    this.summary.hidden = true;
    this.document.hidden = true;
    this.actions.hidden = true;
    for (const error of answer.errors || []) {
      const fieldset = this.form.querySelector(`.gpp-choices[data-field="${error.field}"]`);
      if (!fieldset) continue;
      const slot = fieldset.querySelector(".gpp-field__error");
      slot.textContent = error.message;
      slot.hidden = false;
      fieldset.setAttribute("aria-invalid", "true");
    }
    const message = answer.failure
      ? answer.message || this.t("widget.failed")
      : this.t("widget.fix_errors", { count: (answer.errors || []).length });
    this.setStatus(message);
    this.announce(message);
  }

  act(action) {
    if (!this.answer || this.dirty) {
      // Exports come from the engine: compute first, then act.
      this.waiting = action;
      if (this.engine.state === "idle") this.engine.start();
      else if (this.engine.state === "ready") this.run();
      return;
    }
    const answer = this.answer;
    if (action === "copy") this.copy(answer);
    else if (action === "download-md") this.download(answer.markdown, "md", "text/markdown");
    else if (action === "download-html") this.download(answer.html_document, "html", "text/html");
    else if (action === "download-csv") this.download(answer.csv, "csv", "text/csv");
  }

  async copy(answer) {
    try {
      if (window.ClipboardItem && navigator.clipboard && navigator.clipboard.write) {
        await navigator.clipboard.write([new ClipboardItem({
          "text/html": new Blob([answer.html], { type: "text/html" }),
          "text/plain": new Blob([answer.markdown], { type: "text/plain" }),
        })]);
      } else {
        await navigator.clipboard.writeText(answer.markdown);
      }
      this.setStatus(this.t("clauses.copied"));
      this.announce(this.t("clauses.copied"));
    } catch (error) {
      this.setStatus(this.t("clauses.copy_failed"));
      this.announce(this.t("clauses.copy_failed"));
    }
  }

  download(text, extension, type) {
    this.runtime.saveFile(text, `${this.answer.filename}.${extension}`, `${type};charset=utf-8`);
  }
}
