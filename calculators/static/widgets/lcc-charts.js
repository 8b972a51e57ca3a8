// Charts of the life-cycle cost widget, drawn with Chart.js (self-hosted, loaded only on
// pages that hold this widget). Every figure drawn here was computed by gpp_core; this
// module only draws it and formats axis ticks with Intl.NumberFormat.
//
// Accessibility: each canvas is an image with a name (its title) that points to the
// table holding the same numbers (the charts' text alternative). Series are told apart
// by colour AND by line dash, point shape or fill pattern, so they survive grey-scale
// printing and colour-vision deficiencies. Colours reach 3:1 against the page in both
// colour schemes (WCAG 1.4.11); they come from CSS custom properties (lcc.css).

let loading = null;

/** Load Chart.js once (UMD build, sets window.Chart); resolves to the Chart class. */
export function loadChartJs() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (loading) return loading;
  const holder = document.querySelector("script[data-gpp-chartjs]");
  if (!holder) return Promise.reject(new Error("no Chart.js URL on the page"));
  loading = new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = holder.dataset.gppChartjs;
    script.async = true;
    script.onload = () => (window.Chart ? resolve(window.Chart) : reject(new Error("Chart.js did not load")));
    script.onerror = () => reject(new Error("Chart.js could not be downloaded"));
    document.head.append(script);
  });
  return loading;
}

const DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [12, 6]];
const POINTS = ["circle", "rect", "triangle", "rectRot", "crossRot", "star"];
const PATTERNS = ["solid", "diagonal", "dots", "cross", "horizontal", "vertical", "zigzag", "reverse"];

function cssColor(root, name, fallback) {
  const value = getComputedStyle(root).getPropertyValue(name).trim();
  return value || fallback;
}

/** The series colours and text colours of the current colour scheme. */
export function palette(root) {
  const series = [];
  for (let i = 1; i <= 8; i += 1) series.push(cssColor(root, `--gpp-lcc-series-${i}`, "#1b5e20"));
  return {
    series,
    text: cssColor(root, "--md-default-fg-color", "#000"),
    grid: cssColor(root, "--gpp-border", "rgba(0,0,0,0.3)"),
    background: cssColor(root, "--md-default-bg-color", "#fff"),
  };
}

/** A canvas fill: the colour with a pattern drawn over it in the page's background. */
function pattern(kind, color, background) {
  if (kind === "solid") return color;
  const size = 10;
  const tile = document.createElement("canvas");
  tile.width = size;
  tile.height = size;
  const g = tile.getContext("2d");
  g.fillStyle = color;
  g.fillRect(0, 0, size, size);
  g.strokeStyle = background;
  g.fillStyle = background;
  g.lineWidth = 2;
  g.beginPath();
  switch (kind) {
    case "diagonal":
      g.moveTo(0, size); g.lineTo(size, 0); g.moveTo(-2, 2); g.lineTo(2, -2); g.moveTo(size - 2, size + 2); g.lineTo(size + 2, size - 2);
      break;
    case "reverse":
      g.moveTo(0, 0); g.lineTo(size, size); g.moveTo(-2, size - 2); g.lineTo(2, size + 2); g.moveTo(size - 2, -2); g.lineTo(size + 2, 2);
      break;
    case "cross":
      g.moveTo(0, size); g.lineTo(size, 0); g.moveTo(0, 0); g.lineTo(size, size);
      break;
    case "horizontal":
      g.moveTo(0, size / 2); g.lineTo(size, size / 2);
      break;
    case "vertical":
      g.moveTo(size / 2, 0); g.lineTo(size / 2, size);
      break;
    case "zigzag":
      g.moveTo(0, 7); g.lineTo(size / 2, 3); g.lineTo(size, 7);
      break;
    case "dots":
      g.arc(size / 2, size / 2, 1.8, 0, 2 * Math.PI);
      g.fill();
      break;
    default:
      break;
  }
  g.stroke();
  return g.createPattern(tile, "repeat");
}

function moneyFormatter(locale, currency, compact) {
  const options = { style: "currency", currency, signDisplay: "negative" };
  if (compact) Object.assign(options, { notation: "compact", maximumFractionDigits: 1 });
  return new Intl.NumberFormat(locale, options);
}

function baseOptions(colors, title) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    normalized: true,
    plugins: {
      title: { display: true, text: title, color: colors.text, font: { size: 14, weight: "bold" } },
      legend: { labels: { color: colors.text, usePointStyle: true, boxWidth: 28 } },
      tooltip: {},
    },
  };
}

function axis(colors, extra = {}) {
  return { ticks: { color: colors.text }, grid: { color: colors.grid }, border: { color: colors.grid }, ...extra };
}

/**
 * Cumulative discounted cost over the years, one line per option.
 * data: {title, xTitle, yTitle, years: [0..N], series: [{name, values}], locale, currency}
 */
export function cumulativeConfig(data, colors) {
  const money = moneyFormatter(data.locale, data.currency, false);
  const compact = moneyFormatter(data.locale, data.currency, true);
  const options = baseOptions(colors, data.title);
  options.interaction = { mode: "index", intersect: false };
  options.plugins.tooltip.callbacks = { label: (c) => `${c.dataset.label}: ${money.format(c.parsed.y)}` };
  options.scales = {
    x: axis(colors, { title: { display: true, text: data.xTitle, color: colors.text } }),
    y: axis(colors, {
      title: { display: true, text: data.yTitle, color: colors.text },
      ticks: { color: colors.text, callback: (value) => compact.format(value) },
    }),
  };
  return {
    type: "line",
    data: {
      labels: data.years.map((y) => String(y)),
      datasets: data.series.map((s, i) => ({
        label: s.name,
        data: s.values,
        borderColor: colors.series[i % colors.series.length],
        backgroundColor: colors.series[i % colors.series.length],
        borderDash: DASHES[i % DASHES.length],
        pointStyle: POINTS[i % POINTS.length],
        pointRadius: data.years.length > 25 ? 2 : 4,
        borderWidth: 2.5,
        stepped: false,
        tension: 0,
      })),
    },
    options,
  };
}

/**
 * Present value of each cost category per option, stacked.
 * data: {title, yTitle, options: [names], categories: [{label, values}], locale, currency}
 */
export function breakdownConfig(data, colors) {
  const money = moneyFormatter(data.locale, data.currency, false);
  const compact = moneyFormatter(data.locale, data.currency, true);
  const options = baseOptions(colors, data.title);
  options.plugins.tooltip.callbacks = { label: (c) => `${c.dataset.label}: ${money.format(c.parsed.y)}` };
  options.plugins.legend.labels.usePointStyle = false;
  options.scales = {
    x: axis(colors, { stacked: true }),
    y: axis(colors, {
      stacked: true,
      title: { display: true, text: data.yTitle, color: colors.text },
      ticks: { color: colors.text, callback: (value) => compact.format(value) },
    }),
  };
  return {
    type: "bar",
    data: {
      labels: data.options,
      datasets: data.categories.map((c, i) => {
        const color = colors.series[i % colors.series.length];
        return {
          label: c.label,
          data: c.values,
          backgroundColor: pattern(PATTERNS[i % PATTERNS.length], color, colors.background),
          borderColor: color,
          borderWidth: 1,
        };
      }),
    },
    options,
  };
}

/**
 * Tornado: how far the outcome moves when each input goes down or up by the set share.
 * data: {title, xTitle, lowLabel, highLabel, base, rows: [{label, low, high}], locale, currency}
 * low/high: the outcome with the input lowered/raised. Bars float from the base value.
 */
export function tornadoConfig(data, colors) {
  const money = moneyFormatter(data.locale, data.currency, false);
  const compact = moneyFormatter(data.locale, data.currency, true);
  const options = baseOptions(colors, data.title);
  options.indexAxis = "y";
  options.plugins.legend.labels.usePointStyle = false;
  options.plugins.tooltip.callbacks = {
    label: (c) => `${c.dataset.label}: ${money.format(c.raw[1] === data.base ? c.raw[0] : c.raw[1])}`,
  };
  options.scales = {
    x: axis(colors, {
      title: { display: true, text: data.xTitle, color: colors.text },
      ticks: { color: colors.text, callback: (value) => compact.format(value) },
    }),
    y: axis(colors, { stacked: true }),
  };
  const low = colors.series[1];
  const high = colors.series[0];
  return {
    type: "bar",
    data: {
      labels: data.rows.map((r) => r.label),
      datasets: [
        {
          label: data.lowLabel,
          data: data.rows.map((r) => [data.base, r.low]),
          backgroundColor: pattern("diagonal", low, colors.background),
          borderColor: low,
          borderWidth: 1,
        },
        {
          label: data.highLabel,
          data: data.rows.map((r) => [data.base, r.high]),
          backgroundColor: high,
          borderColor: high,
          borderWidth: 1,
        },
      ],
    },
    options,
  };
}

/** Draw ``config`` on ``canvas``: a new chart, or the existing one updated in place
 * (much cheaper than destroying and re-creating it on every recompute). */
export function draw(Chart, canvas, existing, config) {
  if (existing && existing.config.type === config.type && existing.canvas === canvas) {
    existing.data = config.data;
    existing.options = config.options;
    existing.update("none");
    return existing;
  }
  if (existing) existing.destroy();
  return new Chart(canvas, config);
}
