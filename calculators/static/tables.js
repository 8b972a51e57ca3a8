// Wide tables on every page: Material wraps each content table in a scrolling box
// (.md-typeset__scrollwrap). When a table is wider than the page (phones, long tables),
// keyboard users must be able to reach and scroll that box, and screen readers must
// know what it holds: make it a focusable, named region, only while it overflows.

function label(wrap) {
  const table = wrap.querySelector("table");
  const caption = table && table.caption ? table.caption.textContent : "";
  const head = table ? [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim()) : [];
  return (caption || head.filter(Boolean).slice(0, 3).join(", ")).trim();
}

function update() {
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
    const overflows = wrap.scrollWidth > wrap.clientWidth + 1;
    if (overflows && !wrap.hasAttribute("tabindex")) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      const name = label(wrap);
      if (name) wrap.setAttribute("aria-label", name);
    } else if (!overflows && wrap.getAttribute("tabindex") === "0") {
      for (const name of ["tabindex", "role", "aria-label"]) wrap.removeAttribute(name);
    }
  }
}

update();
let pending = 0;
window.addEventListener("resize", () => {
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(update);
});
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => requestAnimationFrame(update));
}
