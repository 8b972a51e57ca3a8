// Filter controls on the catalogue pages (a group's criteria, the eco-label register).
//
// The page already lists every item (that is what readers without JavaScript get). The
// build renders the controls hidden, inside <form data-gpp-filter>; this script shows
// them and hides the items that do not match. Items carry data-gpp-item and the values
// to match as data- attributes (data-type, data-level, data-dimension: space-separated
// list, data-country, data-search: folded text). A section whose items are all hidden
// is hidden too. The count of shown items is announced in the form's status line.

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").toLowerCase();
}

function setUp(form) {
  if (form.dataset.gppReady) return;
  form.dataset.gppReady = "true";
  const scope = form.closest("article") || document;
  const items = [...scope.querySelectorAll("[data-gpp-item]")];
  const sections = [...scope.querySelectorAll("section.gpp-stage")];
  const status = form.querySelector(".gpp-filter-count");
  const locale = document.documentElement.lang || "es";
  const number = new Intl.NumberFormat(locale);

  function apply() {
    const wanted = {};
    for (const control of form.querySelectorAll("[data-filter]")) {
      wanted[control.dataset.filter] = control.value.trim();
    }
    let shown = 0;
    for (const item of items) {
      let visible = true;
      for (const [name, value] of Object.entries(wanted)) {
        if (!value) continue;
        if (name === "search") {
          visible = visible && (item.dataset.search || "").includes(fold(value));
        } else {
          visible = visible && (item.dataset[name] || "").split(" ").includes(value);
        }
      }
      item.hidden = !visible;
      if (visible) shown += 1;
    }
    for (const section of sections) {
      section.hidden = !section.querySelector("[data-gpp-item]:not([hidden])");
    }
    const filtered = Object.values(wanted).some(Boolean);
    status.textContent = !filtered
      ? ""
      : shown === 0
        ? form.dataset.none
        : form.dataset.shown
            .replace("{shown}", number.format(shown))
            .replace("{total}", number.format(Number(form.dataset.total)));
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(apply, 0));
  form.hidden = false;
  apply();
}

function mount() {
  for (const form of document.querySelectorAll("form[data-gpp-filter]")) setUp(form);
}

mount();
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => mount());
}
