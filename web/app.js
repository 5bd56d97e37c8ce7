// Peakline page: plain ES module, no build step. Talks to the JSON API under /api.
// The scenario text (YAML) is the base; the staffing grid, printers, couriers and
// what-ifs are applied on top as `sets` ("path=value") and disruptions, so a run
// records exactly what was changed.
import { applyI18n, colon, defaultLang, lang, paren, setLang, t } from "./i18n.js";

const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== undefined && c !== null) e.append(c);
  return e;
};

const state = {
  /** The scenario list from the server. */
  library: [],
  /** The loaded base: { id, source, text, format, scenario } (scenario = validated, defaults filled). */
  base: null,
  /** Values shown in the grid; sets are their differences from base.scenario. */
  grid: null,
  run: null,
  runSource: null,
  history: [],
  selected: [],
  compare: null,
  plan: null,
  planSource: null,
  charts: {},
  /** GET /api/info: the server's limits. */
  info: null,
};

// ------------------------------------------------------------------ API

async function api(method, url, body, headers = {}) {
  // The UI's language, not the browser's: the server names new runs in it.
  const asked = lang();
  const init = { method, headers: { "accept-language": asked === "zh" ? "zh-CN" : "en", ...headers } };
  if (body !== undefined) {
    if (typeof body === "string") {
      init.body = body;
      init.headers["content-type"] ??= "text/yaml";
    } else {
      init.body = JSON.stringify(body);
      init.headers["content-type"] = "application/json";
    }
  }
  let res;
  try {
    res = await fetch(url, init);
  } catch {
    throw Object.assign(new Error(t("error.network")), { issues: [], network: true, lang: asked });
  }
  const data = res.headers.get("content-type")?.includes("json") ? await res.json() : await res.text();
  if (!res.ok) {
    const err = new Error(typeof data === "object" && data?.message ? data.message : `${t("error.request")} (${res.status})`);
    err.issues = (typeof data === "object" && data?.issues) || [];
    err.status = res.status;
    err.code = typeof data === "object" ? data?.error : undefined;
    // The language the server worded the message and issues in (see errorWords, showIssues).
    err.lang = asked;
    throw err;
  }
  return data;
}

// ------------------------------------------------------------------ formatting

const nf = (digits = 0) => new Intl.NumberFormat(lang() === "zh" ? "zh-CN" : "en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const fmtNum = (x, digits = 0) => (Number.isFinite(x) ? nf(digits).format(x) : "–");
/** A difference with its sign: "+1.2", "-1.2", and "0.0" for one that rounds to zero (never "-0.0" or "+0.0"). */
const fmtSigned = (x, digits = 0) =>
  Number.isFinite(x) ? new Intl.NumberFormat(lang() === "zh" ? "zh-CN" : "en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits, signDisplay: "exceptZero" }).format(x) : "–";
const fmtPct = (x, digits = 1) => (Number.isFinite(x) ? `${nf(digits).format(x * 100)}%` : "–");
const fmtMoney = (x) => (Number.isFinite(x) ? `¥${nf(0).format(x)}` : "–");

const partsCache = new Map();
/**
 * Formats seconds from the run start as "11-11 09:00" in the scenario's time zone
 * (the same in both languages). With `endOfDay`, midnight is written "24:00" of the
 * day before, the way the platform states its deadlines ("20 Nov 24:00").
 */
function fmtSec(sec, run = state.run, endOfDay = false) {
  if (!Number.isFinite(run?.startEpochMs)) return `${fmtNum(sec / 3600, 1)} h`;
  const tz = run.timeZone;
  let f = partsCache.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-GB", { timeZone: tz, month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    } catch {
      f = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    }
    partsCache.set(tz, f);
  }
  const at = (ms) => Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  let p = at(run.startEpochMs + sec * 1000);
  if (endOfDay && p.hour === "00" && p.minute === "00") {
    p = { ...at(run.startEpochMs + sec * 1000 - 60_000), hour: "24", minute: "00" };
  }
  return `${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

function stationName(st) {
  const name = st?.name?.[lang()];
  if (name) return name;
  const kindKey = `station.${st?.kind ?? st?.id}`;
  const tr = t(kindKey);
  return tr === kindKey ? st?.id ?? "?" : tr;
}

/** A shift by its guides' name in Chinese (白班, 夜班...), else its id. */
function shiftName(id) {
  const tr = t(`shift.${id}`);
  return tr === `shift.${id}` ? id : tr;
}

/** A run's name in the page's language: the scenario's name in it when the run is named after its scenario (`names`), else as given. */
function runName(r) {
  return (lang() === "zh" ? (r?.names?.zh ?? r?.names?.en) : r?.names?.en) ?? r?.name ?? "?";
}

function ruleLabel(d) {
  return d.label?.[lang()] || d.label?.en || d.id;
}

// ------------------------------------------------------------------ messages

/**
 * Status lines written in the page's language and written again when it switches:
 * `say("#progress-text", () => t("run.done"))`. A later plain write to the element
 * (textContent) is not tracked, so say() is used for every status line.
 */
const spoken = new Map();
function say(sel, text) {
  const node = typeof sel === "string" ? $(sel) : sel;
  spoken.set(node, text);
  node.textContent = text();
}
function resay() {
  for (const [node, text] of spoken) node.textContent = text();
}

/** The end of a run or plan in words: the server's two known reasons in the page's language, others as sent. */
function endText(end) {
  if (end.status === "cancelled") return t("run.cancelled");
  if (end.error === "the server stopped while the run was in progress") return `${t("run.failed")}${colon()}${t("run.shutdown")}`;
  return `${t(`run.${end.status}`)}${end.error ? `${colon()}${end.error}` : ""}`;
}

/**
 * An API error's message as a function of the page's language, for say() and
 * showIssues(), so a language switch words it again. Refusals the page can word
 * itself from their code and what the call knows (`known`: { what: "run" or
 * "scenario", id }) are worded on the page: the server did not answer, too many runs
 * at once, no planner, a built-in file, a run still running... Another server message
 * shows as sent while the page speaks the language it was asked in, and after a
 * switch as the page's own general refusal with the status and code (never the other
 * language's text). A refusal asked again in the new language (showIssues' `again`)
 * replaces it.
 */
function errorWords(e, known = {}) {
  if (e.network) return () => t("error.network");
  if (!e.code) return () => `${t("error.request")} (${e.status})`;
  const id = known.id ?? "";
  const limit = state.info?.maxConcurrentRuns;
  const own = {
    validation: () => t("error.validation"),
    "too-many-runs": () => (Number.isFinite(limit) ? t("error.tooManyRuns", { limit }) : t("error.tooManyRunsAny")),
    unavailable: () => t("planner.unavailable"),
    "read-only": () => t("error.readOnly", { id }),
    "still-running": () => t("error.stillRunning", { id }),
    "not-cancellable": () => t("error.notCancellable", { id }),
    "not-found": known.what === "run" || known.what === "scenario" ? () => t(known.what === "run" ? "error.runNotFound" : "error.scenarioNotFound", { id }) : undefined,
    "body-too-large": Number.isFinite(state.info?.bodyLimitBytes) ? () => t("error.tooLarge", { kib: fmtNum(state.info.bodyLimitBytes / 1024) }) : undefined,
    internal: () => t("error.internal"),
  }[e.code];
  return own ?? (() => (lang() === e.lang ? e.message : t("error.refused", { status: e.status, code: e.code })));
}

/**
 * The validation box's last content: `draw` writes it again when the language switches
 * (see rerenderAll); `again`, for problems the server worded, asks the server once more
 * in the new language (see showIssues).
 */
let validationView = null;

/**
 * `message` is text, or a function giving it in the page's language. Issues come worded
 * by the server in the language of the request; `again` (optional) asks the server once
 * more, without side effects, and resolves to `{ message, issues }` in the page's
 * language now, or null to keep what is shown: the language switch calls it.
 */
function showIssues(message, issues = [], ok = false, again = undefined, issuesLang = lang()) {
  validationView = { draw: () => drawIssues(message, issues, ok, issuesLang), again };
  drawIssues(message, issues, ok, issuesLang);
}

/** After a language switch: the box's server-worded problems asked for again in the new language (a late answer to an older view or language is dropped). */
async function reaskIssues() {
  const view = validationView;
  if (!view?.again) return;
  const asked = lang();
  let r;
  try {
    r = await view.again();
  } catch (e) {
    // Refused again (now in the language asked), or no answer: that is what the box says now.
    r = { message: errorWords(e), issues: e.issues ?? [], lang: e.lang };
  }
  if (r && validationView === view && lang() === asked) showIssues(r.message, r.issues, false, view.again, r.lang ?? asked);
}

/** Asks the server to validate `text` again: its problems, for `again` of showIssues (null when it now validates). */
function revalidate(text, message = () => t("scenario.invalid")) {
  return async () => {
    const r = await api("POST", "/api/scenarios/validate", text, { "content-type": "text/yaml" });
    return r.ok ? null : { message, issues: r.errors };
  };
}

/**
 * For a run or plan the server refused: the same request checked again by POST
 * /api/runs/check or /api/plan/check (`kind` "runs" or "plan"), which read it as the
 * routes do (scenario, sets, what-ifs, replications, planner options) and start
 * nothing, so a language switch never starts the run. A refusal throws (reaskIssues
 * shows it); null when the request now checks fine (what is shown stays).
 */
function recheck(body, kind) {
  return async () => {
    await api("POST", `/api/${kind}/check`, body);
    return null;
  };
}

/**
 * The box's message and issues. Issues worded by the server in another language than
 * the page's now (`issuesLang`) show by their paths alone until they are asked for
 * again (reaskIssues), never in the other language.
 */
function drawIssues(message, issues, ok, issuesLang = lang()) {
  if (typeof message === "function") message = message();
  const box = $("#validation");
  box.replaceChildren();
  box.className = `validation ${ok ? "ok" : "bad"}`;
  if (!message) {
    box.className = "validation";
    return;
  }
  box.append(el("div", { text: message }));
  if (issues.length) {
    const ul = el("ul");
    const worded = issuesLang === lang();
    for (const i of issues) {
      if (!worded && !i.path) continue;
      ul.append(el("li", {}, i.path ? el("code", { text: i.path }) : "", !worded ? "" : i.path ? `${colon()}${i.message}` : i.message));
    }
    box.append(ul);
  }
}

/** What the server runs as written but that does nothing or not what the file seems to say: a yellow box under the editor. */
function showWarnings(warnings = []) {
  if (!warnings.length) return;
  validationView = { draw: () => drawWarnings(warnings) };
  drawWarnings(warnings);
}

function drawWarnings(warnings) {
  const box = $("#validation");
  box.replaceChildren(el("div", { text: t("scenario.warnings") }));
  box.className = "validation warn";
  const ul = el("ul");
  for (const w of warnings) ul.append(el("li", {}, el("code", { text: w.path }), `${colon()}${lang() === "zh" ? w.zh : w.message}`));
  box.append(ul);
}

// ------------------------------------------------------------------ scenario

async function loadLibrary(selectId) {
  state.library = await api("GET", "/api/scenarios");
  const sel = $("#scenario-select");
  sel.replaceChildren();
  for (const s of state.library) {
    sel.append(el("option", { value: s.id, text: libraryLabel(s) }));
  }
  const want = selectId ?? state.base?.id ?? (state.library.find((s) => s.id === "default") ?? state.library[0])?.id;
  if (want && state.library.some((s) => s.id === want)) sel.value = want;
  return sel.value;
}

/** A library entry in the picker: its name in the UI's language, where it comes from and its id. */
function libraryLabel(s) {
  const name = lang() === "zh" ? (s.nameZh ?? s.name) : s.name;
  return `${name}${paren(`${s.source === "file" ? t("scenario.file") : t("scenario.savedTag")}${colon()}${s.id}`)}`;
}

/** A validated scenario's name (or description) in the UI's language ({en, zh}; plain text in runs stored before names were bilingual). */
function scenarioName(name) {
  if (name === undefined || name === null) return "?";
  if (typeof name === "string") return name;
  return lang() === "zh" ? (name.zh ?? name.en) : name.en;
}

async function selectScenario(id) {
  const s = await api("GET", `/api/scenarios/${encodeURIComponent(id)}`);
  // Another file: the planner's targets are that file's again.
  state.planTargetEdits = {};
  setBase({ id: s.id, source: s.source, text: s.text, format: s.format, scenario: s.scenario, defaultTargets: s.defaultTargets });
  if (!s.ok) {
    showIssues(() => t("scenario.invalid"), s.errors, false, async () => {
      const again = await api("GET", `/api/scenarios/${encodeURIComponent(id)}`);
      return again.ok ? null : { message: () => t("scenario.invalid"), issues: again.errors };
    });
  } else showIssues("");
}

function setBase(base) {
  state.base = base;
  $("#scenario-text").value = base.text;
  renderScenarioInfo();
  if (base.scenario) {
    state.grid = gridFrom(base.scenario);
    $("#seed").value = base.scenario.seed;
  }
  renderInputs();
  suggestShift();
}

function renderScenarioInfo() {
  const sel = $("#scenario-select");
  sel.querySelector("option[data-custom]")?.remove();
  const b = state.base;
  if (b && !(b.id && (b.source === "file" || b.source === "saved"))) {
    const o = el("option", { value: "", "data-custom": "true", text: `${scenarioName(b.scenario?.name)}${paren(t(b.source === "upload" ? "scenario.uploaded" : "scenario.edited"))}` });
    sel.prepend(o);
    sel.value = "";
  } else if (b?.id) sel.value = b.id;
  const s = state.base?.scenario;
  const info = $("#scenario-info");
  if (!s) return info.replaceChildren();
  const head = `${scenarioName(s.name)} — ${t("scenario.summary", { orders: fmtNum(s.demand.baselinePerDay), surge: fmtNum(s.demand.surge, 0) })}`;
  // The question the scenario answers, when it says.
  const about = s.description ? el("div", { class: "scenario-about", "data-testid": "scenario-about", text: scenarioName(s.description) }) : null;
  // Zone picking changes how the pick station works: say so where the stations are described.
  const zoned = s.stations.filter((st) => st.zones);
  const zones = zoned.length
    ? el("div", { class: "zone-info", "data-testid": "zone-info", title: zoneTip(zoned[0]) }, zoned.map((st) => t("zones.info", { station: stationName(st), count: fmtNum(st.zones.count) })).join(" · "))
    : null;
  info.replaceChildren(el("div", { text: head }), ...(zones ? [zones] : []), ...(about ? [about] : []));
}

/** What zone picking means for a station, for a tooltip. */
function zoneTip(st) {
  return t("zones.tip", { count: fmtNum(st.zones.count), walk: fmtPct(st.zones.walkFactor, 0) });
}

async function validateText() {
  const text = $("#scenario-text").value;
  try {
    const r = await api("POST", "/api/scenarios/validate", text, { "content-type": "text/yaml" });
    if (r.ok) {
      showIssues(() => t("scenario.valid"), [], true);
      showWarnings(r.warnings);
      // The text is now the base: the grid restarts from its values. Edited text is sent as text, not by id.
      const edited = text !== state.base?.text;
      const before = state.base?.scenario;
      const beforeTargets = planTargetsOf(before, state.base?.defaultTargets);
      state.base = { ...state.base, text, scenario: r.scenario, defaultTargets: r.defaultTargets, source: edited ? "edited" : state.base?.source };
      state.grid = carryEdits(before && gridFrom(before), state.grid, gridFrom(r.scenario));
      // A planner target edited on the page stays edited, unless the text changed that target.
      const was = new Map(beforeTargets.map((x) => [targetKey(x), JSON.stringify(x)]));
      for (const x of planTargetsOf(r.scenario, r.defaultTargets)) if (was.get(targetKey(x)) !== JSON.stringify(x)) delete state.planTargetEdits?.[targetKey(x)];
      renderScenarioInfo();
      renderInputs();
      refreshSuggestion();
    } else showIssues(() => t("scenario.invalid"), r.errors, false, revalidate(text));
    return r.ok;
  } catch (e) {
    // Validating starts nothing: asked again in the new language after a switch, whatever the refusal was.
    showIssues(errorWords(e), e.issues, false, revalidate(text, () => t("error.validation")), e.lang);
    return false;
  }
}

async function saveAs() {
  const id = prompt(t("scenario.saveId"), state.base?.id && state.base.source !== "file" ? state.base.id : "");
  if (!id) return;
  try {
    const text = $("#scenario-text").value;
    const r = await api("PUT", `/api/scenarios/${encodeURIComponent(id)}`, text, { "content-type": "text/yaml" });
    await loadLibrary(r.id);
    await selectScenario(r.id);
    showIssues(() => `${t("scenario.saved")} ${r.id}`, [], true);
  } catch (e) {
    // Refused for the text's problems: the text validated again gives them (the save itself is not asked again).
    showIssues(errorWords(e, { what: "scenario", id }), e.issues, false, e.code === "validation" && e.issues?.length ? revalidate($("#scenario-text").value, () => t("error.validation")) : undefined, e.lang);
  }
}

async function upload(file) {
  const text = await file.text();
  $("#scenario-text").value = text;
  $("#editor").open = true;
  state.planTargetEdits = {};
  state.base = { id: null, source: "upload", text, format: file.name.endsWith(".json") ? "json" : "yaml", scenario: state.base?.scenario, defaultTargets: state.base?.defaultTargets };
  await validateText();
}

// ------------------------------------------------------------------ grid <-> sets

function gridFrom(s) {
  const roster = {};
  const temps = {};
  for (const st of s.stations) {
    roster[st.id] = {};
    temps[st.id] = {};
    for (const sh of s.staff.shifts) {
      roster[st.id][sh.id] = s.staff.roster?.[st.id]?.[sh.id] ?? 0;
      temps[st.id][sh.id] = s.staff.temps?.[st.id]?.[sh.id] ?? 0;
    }
  }
  return {
    // The shifts as the page shows them: the scenario's, with the page's times and ids (`from`: the
    // scenario's id of a shift, which a rename on the page keeps), and those added on the page (no `from`).
    shifts: s.staff.shifts.map((sh) => ({ id: sh.id, start: sh.start, end: sh.end, from: sh.id })),
    roster,
    temps,
    demand: { baselinePerDay: s.demand.baselinePerDay, surge: s.demand.surge },
    printers: { count: s.printers.count, spares: s.printers.spares, technicianOnSite: s.printers.technicianOnSite },
    couriers: s.couriers.map((c) => ({ share: c.share ?? null, pickups: c.pickups.join(", "), capacityPerPickup: c.capacityPerPickup, dailyCap: c.dailyCap })),
  };
}

/**
 * The grid for a re-validated scenario: `next` (from its text) with the page's edits
 * kept, i.e. every value of `grid` that differed from `prev` (the grid of the text
 * before) and that the text itself left as it was (where the text changed a value, the
 * text wins). Edits of stations, shifts or couriers no longer there are dropped.
 * Shifts: a shift added on the page stays (with its headcounts), unless the text now
 * has a shift of that id (the text's wins); a shift removed on the page stays removed
 * while the text keeps it as it was (times and headcounts); a shift's times edited on
 * the page stay where the text left them as they were; a scenario's shift renamed on
 * the page keeps its new id (its headcounts with it) while the text has the shift,
 * unless the text now gives that id to another shift of its own.
 */
function carryEdits(prev, grid, next) {
  if (!prev || !grid) return next;
  const shiftIn = (g, id) => g.shifts.find((x) => x.id === id);
  // The page's shift that is the scenario's shift `id` (renamed or not).
  const onPage = (id) => grid.shifts.find((x) => x.from === id);
  for (const was of prev.shifts) {
    if (onPage(was.id)) continue;
    const i = next.shifts.findIndex((x) => x.id === was.id);
    if (i < 0 || next.shifts.length < 2) continue;
    const now = next.shifts[i];
    const sameCounts = ["roster", "temps"].every((table) => Object.keys(next[table]).every((st) => next[table][st][was.id] === prev[table][st]?.[was.id]));
    if (now.start !== was.start || now.end !== was.end || !sameCounts) continue;
    next.shifts.splice(i, 1);
    for (const table of ["roster", "temps"]) for (const row of Object.values(next[table])) delete row[was.id];
  }
  let renames = [];
  for (const sh of grid.shifts) {
    if (!sh.from) continue;
    const was = shiftIn(prev, sh.from);
    const now = next.shifts.find((x) => x.from === sh.from);
    if (!was || !now) continue; // the text removed it: the page's edits of it go with it
    for (const k of ["start", "end"]) if (sh[k] !== was[k] && now[k] === was[k]) now[k] = sh[k];
    if (sh.id !== sh.from) renames.push([now, sh.id]);
  }
  // A rename whose id a shift keeps (one of the text's, or one whose own rename was dropped) is dropped, until none is.
  for (;;) {
    const kept = new Set(next.shifts.filter((x) => !renames.some(([now]) => now === x)).map((x) => x.id));
    const live = renames.filter(([, id]) => !kept.has(id));
    if (live.length === renames.length) break;
    renames = live;
  }
  const to = new Map(renames.map(([now, id]) => [now.id, id]));
  for (const table of ["roster", "temps"]) for (const st of Object.keys(next[table])) next[table][st] = Object.fromEntries(Object.entries(next[table][st]).map(([k, v]) => [to.get(k) ?? k, v]));
  for (const [now, id] of renames) now.id = id;
  for (const sh of grid.shifts) {
    if (sh.from || shiftIn(next, sh.id)) continue;
    next.shifts.push({ id: sh.id, start: sh.start, end: sh.end });
    for (const table of ["roster", "temps"]) for (const st of Object.keys(next[table])) next[table][st][sh.id] = grid[table][st]?.[sh.id] ?? 0;
  }
  for (const table of ["roster", "temps"]) {
    for (const [st, row] of Object.entries(grid[table])) {
      for (const [sh, v] of Object.entries(row)) {
        const from = shiftIn(grid, sh)?.from;
        const was = from ? prev[table][st]?.[from] : undefined;
        if (v !== was && next[table][st] && sh in next[table][st] && next[table][st][sh] === was) next[table][st][sh] = v;
      }
    }
  }
  for (const k of ["count", "spares", "technicianOnSite"]) {
    if (grid.printers[k] !== prev.printers[k] && next.printers[k] === prev.printers[k]) next.printers[k] = grid.printers[k];
  }
  for (const k of ["baselinePerDay", "surge"]) {
    if (grid.demand[k] !== prev.demand[k] && next.demand[k] === prev.demand[k]) next.demand[k] = grid.demand[k];
  }
  grid.couriers.forEach((c, i) => {
    const was = prev.couriers[i];
    const now = next.couriers[i];
    if (!was || !now) return;
    for (const k of Object.keys(c)) if (c[k] !== was[k] && now[k] === was[k]) now[k] = c[k];
  });
  return next;
}

/** "path=value" overrides for every grid value that differs from the base scenario. */
function gridSets() {
  const s = state.base?.scenario;
  const g = state.grid;
  if (!s || !g) return [];
  const base = gridFrom(s);
  const sets = [];
  // The forecast first (DOMAIN's step 1: orders on a normal day and the peak-day surge).
  for (const k of ["baselinePerDay", "surge"]) {
    if (g.demand[k] !== base.demand[k]) sets.push(`demand.${k}=${g.demand[k]}`);
  }
  const whole = shiftSets(s, g, sets);
  for (const table of ["roster", "temps"]) {
    if (whole.has(table)) {
      // A removed shift's headcounts would name a shift no longer there: each station's row as the grid has it.
      for (const st of Object.keys(g[table])) {
        const row = Object.fromEntries(Object.entries(g[table][st]).filter(([, n]) => n !== 0));
        sets.push(`staff.${table}.${st}=${JSON.stringify(row)}`);
      }
      continue;
    }
    // A shift added on the page has no headcounts in the scenario (0 there); a renamed one has those of its scenario id.
    const from = new Map(g.shifts.map((x) => [x.id, x.from]));
    for (const st of Object.keys(g[table])) {
      for (const sh of Object.keys(g[table][st])) {
        const was = from.get(sh) ? (base[table][st]?.[from.get(sh)] ?? 0) : 0;
        if (g[table][st][sh] !== was) sets.push(`staff.${table}.${st}.${sh}=${g[table][st][sh]}`);
      }
    }
  }
  for (const k of ["count", "spares", "technicianOnSite"]) {
    if (g.printers[k] !== base.printers[k]) sets.push(`printers.${k}=${g.printers[k]}`);
  }
  g.couriers.forEach((c, i) => {
    const b = base.couriers[i];
    if (c.share !== b.share && c.share !== null) sets.push(`couriers[${i}].share=${c.share}`);
    if (normPickups(c.pickups) !== normPickups(b.pickups)) sets.push(`couriers[${i}].pickups=${JSON.stringify(splitPickups(c.pickups))}`);
    if (c.capacityPerPickup !== b.capacityPerPickup) sets.push(`couriers[${i}].capacityPerPickup=${c.capacityPerPickup}`);
    if (c.dailyCap !== b.dailyCap) sets.push(`couriers[${i}].dailyCap=${c.dailyCap}`);
  });
  if ($("#wi-forecast").checked) sets.push(`demand.forecastFactor=${(s.demand.forecastFactor ?? 1) * 2}`);
  // What-if: a courier's tracking record shows hours after its pickup scan (a scenario field, so a --set).
  const ri = s.couriers.findIndex((c) => c.id === $("#wi-record-id").value);
  const rh = Number($("#wi-record-hours").value);
  if ($("#wi-record").checked && ri >= 0 && $("#wi-record-hours").checkValidity() && rh > 0) sets.push(`couriers[${ri}].recordDelay=${rh}h`);
  // What-if: returns handled by one team between its orders (after them, or in one line with them).
  if ($("#wi-returns").checked && $("#wi-returns-pct").checkValidity() && $("#wi-returns-station").value) {
    sets.push(`returns.share=${Number($("#wi-returns-pct").value) / 100}`, `returns.station=${$("#wi-returns-station").value}`, `returns.priority=${$("#wi-returns-priority").value}`);
    if ($("#wi-returns-until").value === "handled") sets.push("returns.until=handled");
  }
  return sets;
}
/**
 * The shifts' changes as sets, pushed onto `sets`: a time edited
 * ("staff.shifts.day.end=16:00"), a shift renamed ("staff.shifts.day.id=early", after
 * its times), a shift added at the end of the list
 * ("staff.shifts[1]={id: "night", start: "20:00", end: "08:00"}"). No set removes an
 * entry from a list, so with a shift removed the list is set again, one shift a set
 * (the first replaces the list, each next one adds one: "[n]" with n its length),
 * each kept shift as the scenario has it (breaks, days) with the page's id and times.
 * Returns the headcount tables ("roster", "temps") that name a shift removed or
 * renamed: they are then set a station's row at a time, under the page's ids.
 */
function shiftSets(s, g, sets) {
  const baseShifts = s.staff.shifts;
  const kept = new Set(g.shifts.map((x) => x.from).filter(Boolean));
  const removed = baseShifts.filter((sh) => !kept.has(sh.id));
  const renamed = g.shifts.filter((x) => x.from && x.id !== x.from);
  // A shift the planner added keeps its days and breaks (a launch crew on the peak day only).
  const added = (x) =>
    `{id: ${JSON.stringify(x.id)}, start: "${x.start}", end: "${x.end}"${x.days ? `, days: ${JSON.stringify(x.days)}` : ""}${x.breaks?.length ? `, breaks: ${JSON.stringify(x.breaks)}` : ""}}`;
  // The default roster (a file without one) is the first shift's: a roster naming a removed shift covers that case too.
  const gone = [...removed.map((sh) => sh.id), ...renamed.map((x) => x.from)];
  const whole = new Set(["roster", "temps"].filter((table) => gone.some((id) => Object.values(s.staff[table] ?? {}).some((row) => row[id] !== undefined))));
  if (!removed.length) {
    for (const b of baseShifts) {
      const x = g.shifts.find((y) => y.from === b.id);
      for (const k of ["start", "end"]) if (x[k] !== b[k]) sets.push(`staff.shifts.${b.id}.${k}=${x[k]}`);
    }
    // Renamed after the times, which name the scenario's ids. By place when a new id is another scenario shift's
    // (two swapped, or a chain), where "staff.shifts.<id>" would find the first of two shifts of one id. The kept
    // shifts come first in the scenario's order, so a place in the grid is the place in the list.
    const byPlace = renamed.some((x) => baseShifts.some((b) => b.id === x.id));
    // YAML reads true, false and null as no text: quoted.
    const idText = (id) => (/^(true|false|null)$/.test(id) ? JSON.stringify(id) : id);
    for (const x of renamed) sets.push(`${byPlace ? `staff.shifts[${g.shifts.indexOf(x)}]` : `staff.shifts.${x.from}`}.id=${idText(x.id)}`);
    g.shifts.forEach((x, i) => {
      if (!x.from) sets.push(`staff.shifts[${i}]=${added(x)}`);
    });
    return whole;
  }
  g.shifts.forEach((x, i) => {
    const b = x.from && baseShifts.find((y) => y.id === x.from);
    const value = b ? JSON.stringify({ ...b, id: x.id, start: x.start, end: x.end }) : added(x);
    sets.push(i === 0 ? `staff.shifts=[${value}]` : `staff.shifts[${i}]=${value}`);
  });
  return whole;
}

/** A clock time "HH:MM" from 00:00 to 24:00 as the schema takes it (schema.ts ClockTime), for an input's pattern. */
const CLOCK_PATTERN = "^\\s*(([01]?\\d|2[0-3]):[0-5]\\d|24:00)\\s*$";
/** A shift id as the schema takes it (schema.ts Id). */
const ID_PATTERN = "^[a-z][a-z0-9_\\-]{0,31}$";
/** Minutes after midnight of "HH:MM". */
const clockMin = (text) => {
  const [h, m] = text.split(":").map(Number);
  return h * 60 + m;
};
/** A shift's length in hours, and whether it ends the next day (an end at or before its start: schema.ts, staff.ts). */
function shiftSpan(sh) {
  const a = clockMin(sh.start);
  const b = clockMin(sh.end);
  const overnight = b <= a;
  return { hours: ((overnight ? b + 1440 : b) - a) / 60, overnight };
}

const splitPickups = (text) => text.split(/[,\s，、]+/).filter(Boolean);
const normPickups = (text) => splitPickups(text).join(",");

/** A what-if in the changes line and the history: "+power@10:00/2h", "+consumables:cartons@09:00/3h", "+courier-cap:zto<=600/day". */
function disruptionTag(d) {
  const what = d.item ?? d.courier;
  // The duration as the scenario files write it ("3h", "1h15m"), as the report's changes list (manifest.ts).
  const m = Math.round((d.duration ?? 0) / 60);
  const code = m >= 60 ? `${Math.floor(m / 60)}h${m % 60 ? `${m % 60}m` : ""}` : `${m}min`;
  const when = d.at && d.type !== "courier-cap" ? `@${d.at}${d.duration ? `/${code}` : ""}` : "";
  const cap = d.type === "courier-cap" && d.dailyCap !== undefined ? `<=${d.dailyCap}/day` : "";
  return `+${d.type}${what ? `:${what}` : ""}${cap}${when}`;
}

/** A number with at most `digits` decimals ("3", "1.5", "0.25"). */
const fmtUpTo = (x, digits = 2) => (Number.isFinite(x) ? new Intl.NumberFormat(lang() === "zh" ? "zh-CN" : "en-GB", { maximumFractionDigits: digits }).format(x) : "–");

/**
 * A scenario time ("09:00": on the start day; "2026-11-11 09:00") as minutes on one
 * clock, to compare what-ifs with the scenario's own disruptions; null when unreadable.
 */
function atMinutes(at, s) {
  const m = /^\s*(?:(\d{4})-(\d{2})-(\d{2})[ T])?(\d{1,2}):(\d{2})\s*$/.exec(String(at ?? ""));
  const day = m?.[1] ? m.slice(1, 4) : /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(s?.start ?? "")?.slice(1, 4);
  if (!m || !day) return null;
  return Date.UTC(Number(day[0]), Number(day[1]) - 1, Number(day[2]), Number(m[4]), Number(m[5])) / 60000;
}

/** A scenario time as the manager reads it: "09:00" on the start day, "11-12 09:00" on another. */
function atText(at, s) {
  const min = atMinutes(at, s);
  const start = atMinutes(s?.start, s);
  if (min === null) return String(at);
  const d = new Date(min * 60000);
  const hm = `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  if (start !== null && Math.floor(min / 1440) === Math.floor(start / 1440)) return hm;
  return `${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")} ${hm}`;
}

/** A duration as a manager writes it, to the minute: "45 min", "3 h", "1 h 15 min"; "1小时15分钟" (as the reports, i18n.ts fmtDuration). */
function durationText(sec) {
  const total = Math.round(sec / 60);
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (lang() === "zh") return [h ? `${h} 小时` : "", m || !h ? `${m} 分钟` : ""].filter(Boolean).join(" ");
  return [h ? `${h} h` : "", m || !h ? `${m} min` : ""].filter(Boolean).join(" ");
}

/** A disruption (the scenario's or a what-if's) in words: "a printer down at 09:00 for 3 h". */
function disruptionText(d, s) {
  const h = durationText(d.duration ?? 0);
  const at = atText(d.at, s);
  if (d.type === "courier-cap") {
    const c = s?.couriers?.find((x) => x.id === d.courier);
    return `${t("dis.courier-cap", { courier: c?.name ?? d.courier, cap: fmtNum(d.dailyCap), at })}${d.duration ? t("dis.courierFor", { h }) : ""}`;
  }
  if (d.type === "printer-down" && (d.count ?? 1) > 1) return t("dis.printers-down", { n: d.count, at, h });
  return t(`dis.${d.type === "consumables" ? d.item : d.type}`, { at, h });
}

/** What the scenario itself brings that the what-ifs add to: its disruptions, a forecast factor, returns. */
function scenarioWhatIfs(s) {
  const items = (s?.disruptions ?? []).map((d) => disruptionText(d, s));
  const ff = s?.demand?.forecastFactor ?? 1;
  if (ff !== 1) items.push(t("whatif.scenarioForecast", { x: fmtUpTo(ff) }));
  if ((s?.returns?.share ?? 0) > 0) {
    const st = s.stations.find((x) => x.id === s.returns.station);
    items.push(t("whatif.scenarioReturns", { pct: fmtPct(s.returns.share, 0), station: st ? stationName(st) : s.returns.station }));
  }
  return items;
}

/** The what-if card's first lines: what is in the scenario already, and that ticked what-ifs add to it. */
function renderWhatIfScenario() {
  const s = state.base?.scenario;
  const box = $("#whatif-scenario");
  if (!s) return box.replaceChildren();
  const items = scenarioWhatIfs(s);
  if (!items.length) {
    box.replaceChildren(el("span", { class: "muted", text: `${t("whatif.inScenarioNone")} ${t("whatif.addNoteNone")}` }));
    return;
  }
  box.replaceChildren(
    el("span", { class: "whatif-scenario-head", text: t("whatif.inScenario") }),
    el("ul", {}, ...items.map((x) => el("li", { "data-testid": "whatif-scenario-item", text: x }))),
    el("span", { class: "muted", text: t("whatif.addNote") }),
  );
}

/**
 * Ticked what-ifs that repeat or overlap what the scenario has already: the same
 * disruption again (added a second time: two printers down; an outage or cap twice
 * changes nothing), one of the same kind overlapping in time (printers add up, outages
 * join, a courier's caps replace each other: simulate.ts), 2x forecast on a scenario
 * already scaled, returns replacing the scenario's. Each a sentence in the page's language.
 */
function whatIfWarnings() {
  const s = state.base?.scenario;
  if (!s) return [];
  const out = [];
  const kind = (d) => `${d.type}|${d.item ?? ""}|${d.courier ?? ""}`;
  const window = (d) => {
    const a = atMinutes(d.at, s);
    return a === null ? null : [a, d.duration ? a + d.duration / 60 : Infinity];
  };
  for (const d of whatIfDisruptions()) {
    for (const o of s.disruptions ?? []) {
      const a = window(d);
      const b = window(o);
      if (kind(d) !== kind(o) || !a || !b) continue;
      const same = a[0] === b[0] && a[1] === b[1] && (d.count ?? 1) === (o.count ?? 1) && d.dailyCap === o.dailyCap;
      const printer = d.type === "printer-down";
      // Printers down while both last: both counts, at most every printer in use.
      const down = printer ? printersDownText((d.count ?? 1) + (o.count ?? 1), state.grid?.printers.count ?? s.printers.count) : "";
      if (same) out.push(t(printer ? "whatif.warnDuplicatePrinter" : "whatif.warnDuplicateSame", { what: disruptionText(o, s), down }));
      else if (a[0] < b[1] && b[0] < a[1]) {
        const key = printer ? "whatif.warnOverlapPrinter" : d.type === "courier-cap" ? "whatif.warnOverlapCap" : "whatif.warnOverlap";
        out.push(t(key, { what: disruptionText(d, s), theirs: disruptionText(o, s), down }));
      }
    }
  }
  const ff = s.demand.forecastFactor ?? 1;
  if ($("#wi-forecast").checked && ff !== 1) out.push(t("whatif.warnForecast", { x: fmtUpTo(ff), y: fmtUpTo(ff * 2) }));
  if ($("#wi-returns").checked && (s.returns?.share ?? 0) > 0) {
    const st = s.stations.find((x) => x.id === s.returns.station);
    out.push(t("whatif.warnReturns", { what: t("whatif.scenarioReturns", { pct: fmtPct(s.returns.share, 0), station: st ? stationName(st) : s.returns.station }) }));
  }
  return out;
}

/** "2 printers are down", "both printers are down", "all 3 printers are down": `n` down of `count` in use. */
function printersDownText(n, count) {
  if (n < count) return t("whatif.printersDown", { n });
  return t(count === 2 ? "whatif.printersDownBoth" : "whatif.printersDownAll", { n: count });
}

function renderWhatIfWarnings() {
  renderOrderSystemWhen();
  scheduleWhatIfCheck();
  const box = $("#whatif-warnings");
  const list = [...whatIfWarnings(), ...serverWhatIfWarnings()];
  box.hidden = list.length === 0;
  box.replaceChildren(...(list.length ? [el("ul", {}, ...list.map((x) => el("li", { "data-testid": "whatif-warning", text: x })))] : []));
}

/**
 * The server's warnings for the ticked what-ifs (POST /api/scenarios/check, which starts
 * nothing), asked for as soon as a what-if is ticked or changed, debounced, so that one
 * which stops no work (nobody rostered then) or falls outside the run says so before
 * Run. `key` is the request last asked (answered or on its way), `warnings` its answer:
 * each with the what-if's text, in both languages, so a language switch asks nothing.
 */
const whatIfCheck = { key: "", warnings: [], timer: 0 };
const WHATIF_CHECK_DELAY_MS = 300;

/** The scenario fields the ticked what-ifs set (their sets' paths), for the server's warnings on them. */
function whatIfSetPaths() {
  const s = state.base?.scenario;
  if (!s) return [];
  const out = [];
  if ($("#wi-forecast").checked) out.push("demand.forecastFactor");
  const ri = s.couriers.findIndex((c) => c.id === $("#wi-record-id").value);
  if ($("#wi-record").checked && ri >= 0) out.push(`couriers[${ri}].recordDelay`);
  if ($("#wi-returns").checked) out.push("returns");
  return out;
}

function scheduleWhatIfCheck() {
  const dis = whatIfDisruptions();
  const paths = whatIfSetPaths();
  if (!state.base?.scenario || (!dis.length && !paths.length) || inputProblems().length) {
    clearTimeout(whatIfCheck.timer);
    whatIfCheck.key = "";
    whatIfCheck.warnings = [];
    return;
  }
  const body = { ...scenarioRef(), sets: gridSets(), disruptions: dis };
  const key = JSON.stringify(body);
  // The same request asked already (answered, or waiting its turn): nothing new to ask.
  if (key === whatIfCheck.key) return;
  clearTimeout(whatIfCheck.timer);
  whatIfCheck.key = key;
  whatIfCheck.warnings = [];
  whatIfCheck.timer = setTimeout(async () => {
    let r;
    try {
      r = await api("POST", "/api/scenarios/check", body);
    } catch {
      return; // a refused request: Run says what is wrong
    }
    if (whatIfCheck.key !== key || !r.ok) return;
    const own = (r.scenario?.disruptions?.length ?? dis.length) - dis.length;
    const s = state.base?.scenario;
    const out = [];
    for (const w of r.warnings ?? []) {
      const m = /^disruptions\[(\d+)\]/.exec(w.path);
      const d = m && Number(m[1]) >= own ? dis[Number(m[1]) - own] : undefined;
      if (d) out.push({ what: d, en: w.message, zh: w.zh });
      else if (paths.some((p) => w.path === p || w.path.startsWith(`${p}.`) || w.path.startsWith(`${p}[`))) out.push({ path: w.path, en: w.message, zh: w.zh });
    }
    whatIfCheck.warnings = out.map((x) => ({ ...x, s }));
    renderWhatIfWarnings();
  }, WHATIF_CHECK_DELAY_MS);
}

/** The server's warnings on the ticked what-ifs as sentences in the page's language. */
function serverWhatIfWarnings() {
  return whatIfCheck.warnings.map((w) => {
    const message = lang() === "zh" ? w.zh : w.en;
    return w.what ? t("whatif.warnServer", { what: disruptionText(w.what, w.s), message }) : `${w.path}${colon()}${message}`;
  });
}

/** "(08:00–09:00)" beside "Order system down for the first hour of work": the hour it takes. */
function renderOrderSystemWhen() {
  const s = state.base?.scenario;
  const span = $("#wi-order-system-when");
  if (!span) return;
  const at = s ? firstWorkAt(s, state.grid) : null;
  const min = at === null ? null : atMinutes(at, s);
  if (min === null) return (span.textContent = "");
  const hm = (x) => `${String(Math.floor(x / 60) % 24).padStart(2, "0")}:${String(x % 60).padStart(2, "0")}`;
  span.textContent = t("whatif.orderSystemWhen", { from: hm(min % 1440), to: hm((min + 60) % 1440) });
}

/**
 * The first hour of work on the peak day (the day `start` falls on), as "HH:MM": the
 * earliest time from `start` on that day at which a shift with people at a station the
 * order system stops (any station when none needs it) is on duty. A shift over midnight
 * is on from the evening before (README: it also works the first night), unless its
 * `days` leave that night (-1) out. The page's shifts and headcounts (`g`, the grid);
 * `start` itself when nobody works that day.
 */
function firstWorkAt(s, g) {
  const clock = (hm) => {
    const m = /^([01]?\d|2[0-4]):([0-5]\d)$/.exec(String(hm ?? "").trim());
    return m ? Number(m[1]) * 60 + Number(m[2]) : null;
  };
  const startAbs = atMinutes(s.start, s);
  if (startAbs === null) return s.start;
  const from = startAbs % 1440;
  const hm = (x) => `${String(Math.floor(x / 60)).padStart(2, "0")}:${String(x % 60).padStart(2, "0")}`;
  if (!g) return hm(from);
  const stops = s.stations.filter((st) => st.needs?.includes("orderSystem")).map((st) => st.id);
  const ids = stops.length ? stops : s.stations.map((st) => st.id);
  let best = null;
  for (const sh of g.shifts) {
    if (!ids.some((st) => (g.roster[st]?.[sh.id] ?? 0) + (g.temps[st]?.[sh.id] ?? 0) > 0)) continue;
    const a = clock(sh.start);
    const b = clock(sh.end);
    if (a === null || b === null) continue;
    const days = s.staff.shifts.find((x) => x.id === sh.id)?.days;
    const on = (d) => !days || days.includes(d);
    const cands = [];
    if (b <= a) {
      // Over midnight: on from the evening before until `b`, and again from `a`.
      if (on(-1) && from < b) cands.push(from);
      if (on(0) && a >= from && a < 1440) cands.push(a);
    } else if (on(0)) {
      if (a >= from) cands.push(a);
      else if (b > from) cands.push(from);
    }
    for (const c of cands) if (best === null || c < best) best = c;
  }
  return hm(best ?? from);
}

/** The peak day the forecast fields give: "≈ 4,500 orders paid on the peak day, plus 1,500 presale orders released at 00:00". */
function renderDemandPeak() {
  const s = state.base?.scenario;
  const g = state.grid;
  const box = $("#demand-peak");
  if (!s || !g) return (box.textContent = "");
  const ff = (s.demand.forecastFactor ?? 1) * ($("#wi-forecast").checked ? 2 : 1);
  const presale = Math.round((s.demand.presaleOrders ?? 0) * ff);
  box.textContent = t("demand.peak", {
    n: fmtNum(g.demand.baselinePerDay * g.demand.surge * ff),
    presale: presale > 0 ? t("demand.presale", { n: fmtNum(presale) }) : "",
    factor: ff !== 1 ? t("demand.factor", { x: fmtUpTo(ff) }) : "",
  });
}

/** Disruptions from the what-if toggles, appended to the scenario's own. */
function whatIfDisruptions() {
  const s = state.base?.scenario;
  if (!s) return [];
  const out = [];
  if ($("#wi-printer").checked) {
    out.push({ type: "printer-down", at: $("#wi-printer-at").value.trim(), duration: Math.round(Number($("#wi-printer-hours").value) * 3600), count: 1 });
  }
  // The first hour of work, not of the day: an outage while nobody works stops nothing.
  if ($("#wi-order-system").checked) out.push({ type: "order-system", at: firstWorkAt(s, state.grid), duration: 3600 });
  if ($("#wi-outage").checked) {
    // Power, network, the order system, or a consumable running out until the delivery (README: which stations each stops).
    const kind = $("#wi-outage-type").value;
    const window = { at: $("#wi-outage-at").value.trim(), duration: Math.round(Number($("#wi-outage-hours").value) * 3600) };
    out.push(kind === "cartons" || kind === "labels" ? { type: "consumables", item: kind, ...window } : { type: kind, ...window });
  }
  if ($("#wi-courier").checked) out.push({ type: "courier-cap", at: s.start, courier: $("#wi-courier-id").value, dailyCap: Math.round(Number($("#wi-courier-cap").value)) });
  return out;
}

/**
 * Fields the run would read that hold no valid value (empty, out of range, not a
 * time): the staffing grid, printers, couriers, the ticked what-ifs, replications
 * and seed. Each as "its name: what is allowed", in the page's language.
 */
function inputProblems() {
  const out = [];
  const check = (input, name) => {
    if (!input || input.disabled || input.checkValidity()) return;
    out.push(`${name}${colon()}${allowedText(input)}`);
  };
  for (const input of document.querySelectorAll("#staff-grid input, #shift-table input, #courier-grid input")) check(input, input.getAttribute("aria-label"));
  for (const id of ["#demand-baseline", "#demand-surge", "#printers-count", "#printers-spares", "#replications", "#seed"]) {
    const input = $(id);
    check(input, input.closest("label")?.querySelector("span")?.textContent.trim() ?? id);
  }
  for (const label of document.querySelectorAll(".whatifs > label")) {
    if (!label.querySelector("input[type=checkbox]")?.checked) continue;
    for (const input of label.querySelectorAll("input:not([type=checkbox])")) check(input, whatIfPhrase(label, input));
  }
  return out;
}

/** A what-if's line as it reads, the field in question shown as "__": "A printer down at 09:00 for __ h". */
function whatIfPhrase(label, field) {
  const words = [];
  for (const node of label.children) {
    if (node.tagName === "SPAN") words.push(node.textContent.trim());
    else if (node === field) words.push("__");
    else if (node.tagName === "SELECT") words.push(node.selectedOptions[0]?.textContent.trim() ?? "");
    else if (node.tagName === "INPUT" && node.type !== "checkbox") words.push(node.value);
  }
  return words.filter(Boolean).join(" ").replace(/([：，]) /g, "$1");
}

/** What a field allows: "a whole number from 0 to 30", "a time such as 09:00"... */
function allowedText(input) {
  if (input.type === "number") {
    const whole = input.step === "1" || input.step === "100";
    const min = input.min !== "" ? Number(input.min) : null;
    const max = input.max !== "" ? Number(input.max) : null;
    const range = min !== null && max !== null ? t("input.range", { min, max }) : min !== null ? t("input.atLeast", { min }) : "";
    const step = !whole && input.validity.stepMismatch ? t("input.step", { step: input.step }) : "";
    return `${t(whole ? "input.whole" : "input.number", { range }).trim()}${step}`;
  }
  if (input.classList.contains("clock")) return t("input.clock");
  if (input.dataset.renames !== undefined) return shiftIdProblem(input.value.trim(), input.dataset.renames) ?? "";
  return input.classList.contains("pickups") ? t("input.pickups") : t("input.time");
}

/**
 * What is wrong with `id` as a shift's id, in words, or null: as the schema takes ids
 * (schema.ts Id: the pattern, "constructor" reserved) and one id a shift (its
 * duplicate-id check). `own`: the id of the shift being renamed, which it may keep.
 */
function shiftIdProblem(id, own = undefined) {
  if (id === "") return t("input.shiftIdEmpty");
  if (!new RegExp(ID_PATTERN).test(id)) return t("input.shiftId");
  if (id === "constructor") return t("input.shiftIdReserved", { id });
  if (state.grid?.shifts.some((x) => x.id === id && x.id !== own)) return t("input.shiftIdTaken", { id });
  return null;
}

/** The add-shift fields' problems, each "its name: what is allowed" ("New shift: start: a clock time ..."); [] when it can be added. */
function newShiftProblems() {
  const out = [];
  const id = $("#shift-new-id");
  const idProblem = shiftIdProblem(id.value.trim());
  if (idProblem) out.push(`${id.getAttribute("aria-label")}${colon()}${idProblem}`);
  for (const input of [$("#shift-new-start"), $("#shift-new-end")]) {
    if (!input.checkValidity()) out.push(`${input.getAttribute("aria-label")}${colon()}${allowedText(input)}`);
  }
  return out;
}

/**
 * The add-shift fields' problems under them, in the page's language, once Add was
 * pressed with one (`state.shiftAddTried`): kept true as the fields are edited and the
 * language switches, gone once every field is fixed.
 */
function renderNewShiftProblems() {
  const id = $("#shift-new-id");
  const problems = state.shiftAddTried ? newShiftProblems() : [];
  if (!problems.length) state.shiftAddTried = false;
  // The id's problem marks the field as the browser marks a bad time (input:invalid).
  id.setCustomValidity(state.shiftAddTried ? (shiftIdProblem(id.value.trim()) ?? "") : "");
  const box = $("#shift-problems");
  box.hidden = problems.length === 0;
  box.textContent = problems.length ? `${t("shifts.problems", { n: problems.length })}${colon()}${problems.join(lang() === "zh" ? "；" : "; ")}` : "";
}

/**
 * The add-shift fields filled with a suggestion: the night (or a next shift) from the
 * last shift's end to the first one's start, so the shifts cover the day ("day"
 * 08:00-20:00: "night" 20:00-08:00).
 */
function suggestShift() {
  const shifts = state.grid?.shifts ?? [];
  if (!shifts.length) return;
  let id = "night";
  for (let n = shifts.length + 1; shifts.some((x) => x.id === id); n++) id = `shift${n}`;
  state.shiftSuggested = { id, start: shifts[shifts.length - 1].end, end: shifts[0].start };
  $("#shift-new-id").value = id;
  $("#shift-new-start").value = state.shiftSuggested.start;
  $("#shift-new-end").value = state.shiftSuggested.end;
  state.shiftAddTried = false;
  renderNewShiftProblems();
}

/** A new suggestion for the add-shift fields when they still hold the last one (never over what the manager typed). */
function refreshSuggestion() {
  const was = state.shiftSuggested;
  if (!was || ($("#shift-new-id").value === was.id && $("#shift-new-start").value === was.start && $("#shift-new-end").value === was.end)) suggestShift();
}

/** Adds the shift of the add-shift fields to the grid (nobody on it yet), or names what to fix first. */
function addShift() {
  const g = state.grid;
  if (!g) return;
  if (newShiftProblems().length) {
    state.shiftAddTried = true;
    renderNewShiftProblems();
    return;
  }
  const id = $("#shift-new-id").value.trim();
  g.shifts.push({ id, start: $("#shift-new-start").value.trim(), end: $("#shift-new-end").value.trim() });
  for (const table of ["roster", "temps"]) for (const row of Object.values(g[table])) row[id] = 0;
  renderInputs();
  suggestShift();
  document.querySelector(`#staff-grid [data-testid$="-${id}-perm"]`)?.focus();
}

/** Removes a shift and its headcounts from the grid (a scenario keeps one shift at least). */
function removeShift(id) {
  const g = state.grid;
  if (!g || g.shifts.length < 2) return;
  g.shifts = g.shifts.filter((x) => x.id !== id);
  for (const table of ["roster", "temps"]) for (const row of Object.values(g[table])) delete row[id];
  renderInputs();
  refreshSuggestion();
}

/**
 * Renames a shift in the grid: its headcounts follow it (each row keeps the shifts'
 * order). A scenario's shift keeps its scenario id in `from`, so the sets rename it
 * (shiftSets) and a re-validated text keeps the rename (carryEdits).
 */
function renameShift(oldId, newId) {
  const g = state.grid;
  const sh = g?.shifts.find((x) => x.id === oldId);
  if (!sh || oldId === newId) return;
  sh.id = newId;
  for (const table of ["roster", "temps"]) {
    for (const [st, row] of Object.entries(g[table])) g[table][st] = Object.fromEntries(g.shifts.map((x) => [x.id, x === sh ? (row[oldId] ?? 0) : (row[x.id] ?? 0)]));
  }
  renderInputs();
  refreshSuggestion();
}

/**
 * A shift's id field edited: what it holds is kept as typed (`state.shiftIdDrafts`,
 * through re-renders and a language switch) and, while it is no id the shift can take,
 * named under the shift table and below Run, which it holds, as a bad time is.
 */
function editShiftId(id, input) {
  const drafts = (state.shiftIdDrafts ??= {});
  if (input.value.trim() === id) delete drafts[id];
  else drafts[id] = input.value;
  input.setCustomValidity(shiftIdProblem(input.value.trim(), id) ?? "");
  updateChanges();
}

/** The id field left or Enter pressed: the shift renamed when the field holds an id it can take; else the field stays named. */
function commitShiftId(id, input, refocus) {
  if (!state.grid?.shifts.some((x) => x.id === id) || !input.isConnected) return;
  const next = input.value.trim();
  if (shiftIdProblem(next, id)) return updateChanges();
  delete state.shiftIdDrafts?.[id];
  if (next === id) {
    input.value = id;
    return updateChanges();
  }
  renameShift(id, next);
  if (refocus) document.querySelector(`#shift-table [data-testid="shift-${CSS.escape(next)}-id"]`)?.focus();
}

/** The shift table's id fields that hold no id their shift can take, each "its name: the problem", in the page's language. */
function renameProblems() {
  const out = [];
  for (const input of document.querySelectorAll("#shift-table input[data-renames]")) {
    const problem = shiftIdProblem(input.value.trim(), input.dataset.renames);
    if (problem) out.push(`${input.getAttribute("aria-label")}${colon()}${problem}`);
  }
  return out;
}

/** A shift's head in the grid: its name and times ("白班 08:00–20:00"). */
const shiftHead = (sh) => `${shiftName(sh.id)} ${sh.start}–${sh.end}`;

/** A shift's length, and "next day" for one that ends then: "12 h, ends the next day". */
function shiftNote(sh) {
  const { hours, overnight } = shiftSpan(sh);
  const len = t(overnight ? "shifts.lengthOvernight" : "shifts.length", { h: fmtUpTo(hours) });
  return sh.days ? `${len}${lang() === "zh" ? "，" : ", "}${shiftDaysText(sh)}` : len;
}

/** The days a shift works when not every day: "peak day only", "days 0, 1" ("" when every day). */
function shiftDaysText(sh) {
  if (!sh.days) return "";
  return sh.days.length === 1 && sh.days[0] === 0 ? t("shifts.days0") : t("shifts.days", { days: sh.days.join(lang() === "zh" ? "、" : ", ") });
}

function updateChanges() {
  const problems = inputProblems();
  const box = $("#input-problems");
  box.hidden = problems.length === 0;
  box.textContent = problems.length ? `${t("input.problems", { n: problems.length })}${colon()}${problems.join(lang() === "zh" ? "；" : "; ")}` : "";
  if (!state.runSource) $("#run").disabled = problems.length > 0;
  const sets = gridSets();
  const dis = whatIfDisruptions().map(disruptionTag);
  const all = [...sets, ...dis];
  $("#changes").textContent = all.length ? all.join("  ") : t("run.none");
  renderDemandPeak();
  renderWhatIfWarnings();
  const g = state.grid;
  if (g) {
    let total = 0;
    for (const table of ["roster", "temps"]) for (const st of Object.values(g[table])) for (const n of Object.values(st)) total += n;
    $("#staff-total").textContent = `${t("staff.total")}${colon()}${total}`;
    // A shift's times as edited: in the grid's head and the shift's note.
    for (const sh of g.shifts) {
      const head = document.querySelector(`#staff-grid th[data-shift="${CSS.escape(sh.id)}"]`);
      if (head) head.textContent = shiftHead(sh);
      const note = document.querySelector(`#shift-table [data-shift-note="${CSS.escape(sh.id)}"]`);
      if (note) note.textContent = shiftNote(sh);
    }
  }
  renderNewShiftProblems();
  const renaming = renameProblems();
  const rbox = $("#shift-rename-problems");
  rbox.hidden = renaming.length === 0;
  rbox.textContent = renaming.length ? `${t("shifts.renameProblems", { n: renaming.length })}${colon()}${renaming.join(lang() === "zh" ? "；" : "; ")}` : "";
  // Mark inputs whose value differs from the base scenario.
  if (state.base?.scenario) {
    const base = gridFrom(state.base.scenario);
    for (const input of document.querySelectorAll("[data-grid]")) {
      const [table, a, b] = input.dataset.grid.split("|");
      if (table === "shifts") {
        const sh = g.shifts.find((x) => x.id === a);
        input.classList.toggle("changed", base.shifts.find((x) => x.id === sh?.from)?.[b] !== sh?.[b]);
        continue;
      }
      const one = table === "printers" || table === "demand";
      // A headcount of a renamed shift against its scenario id's; an added shift's is a change.
      const from = table === "roster" || table === "temps" ? g.shifts.find((x) => x.id === b)?.from : undefined;
      const bv = one ? base[table][a] : table === "couriers" ? base.couriers[a][b] : from ? base[table][a][from] : undefined;
      const gv = one ? g[table][a] : table === "couriers" ? g.couriers[a][b] : g[table][a][b];
      const changed = b === "pickups" ? normPickups(String(gv)) !== normPickups(String(bv)) : gv !== bv;
      input.classList.toggle("changed", changed);
    }
  }
}

function numInput(value, attrs, onChange) {
  return el("input", {
    type: "number",
    class: "num",
    step: "1",
    min: "0",
    required: true,
    value: String(value),
    ...attrs,
    oninput: (e) => {
      const v = e.target.value === "" ? NaN : Number(e.target.value);
      if (Number.isFinite(v) && e.target.checkValidity()) onChange(v);
      updateChanges(); // an invalid value is named below the Run button, which it disables
    },
  });
}

/**
 * The schema's default courier caps (src/sim/model/schema.ts, NO_CAP_PER_PICKUP and
 * NO_DAILY_CAP): the values a courier without a cap carries. Such a value
 * shows as an empty field reading "no cap"; emptying a field sets it back to no cap.
 */
const NO_CAP = { capacityPerPickup: 100000, dailyCap: 10000000 };

/** A courier cap: a number, or empty for no cap (the schema's default). */
function capInput(value, noCap, attrs, onChange) {
  const input = numInput(value === noCap ? "" : value, { ...attrs, placeholder: t("couriers.noCap"), max: "10000000", required: false }, onChange);
  input.addEventListener("input", (e) => {
    if (e.target.value === "" && e.target.checkValidity()) {
      onChange(noCap);
      updateChanges();
    }
  });
  return input;
}

function renderInputs() {
  const s = state.base?.scenario;
  const g = state.grid;
  const table = $("#staff-grid");
  table.replaceChildren();
  $("#shift-table").replaceChildren();
  renderPlanTargets();
  if (!s || !g) return;

  // Staffing: station x shift (the page's shifts: the scenario's and those added here), permanent and temporary.
  const head1 = el("tr", {}, el("th", { rowspan: "2", text: t("staff.station") }));
  const head2 = el("tr");
  const isNew = (sh) => !sh.from;
  for (const sh of g.shifts) {
    head1.append(el("th", { colspan: "2", class: `n${isNew(sh) ? " added" : ""}`, "data-shift": sh.id, "data-testid": `staff-head-${sh.id}`, text: shiftHead(sh) }));
    head2.append(el("th", { class: "n", text: t("staff.perm") }), el("th", { class: "n", text: t("staff.temp") }));
  }
  table.append(el("thead", {}, head1, head2));
  const body = el("tbody");
  for (const st of s.stations) {
    const zoneTag = st.zones ? el("span", { class: "zone-tag", "data-testid": `zone-tag-${st.id}`, title: zoneTip(st) }, t("zones.tag", { count: fmtNum(st.zones.count) })) : null;
    const tr = el("tr", {}, el("td", { title: st.id }, stationName(st), zoneTag));
    for (const sh of g.shifts) {
      for (const [tbl, kind] of [["roster", "perm"], ["temps", "temp"]]) {
        tr.append(
          el(
            "td",
            { class: "n" },
            numInput(g[tbl][st.id][sh.id], { max: String(st.maxStaff ?? 1000), "data-testid": `staff-${st.id}-${sh.id}-${kind}`, "aria-label": `${stationName(st)} / ${shiftName(sh.id)} / ${t(`staff.${kind}`)}`, dataset: { grid: `${tbl}|${st.id}|${sh.id}` } }, (v) => {
              g[tbl][st.id][sh.id] = v;
            }),
          ),
        );
      }
    }
    body.append(tr);
  }
  table.append(body);
  renderShiftTable(s, g);

  // The forecast: orders on a normal day and the peak-day surge.
  const db = $("#demand-baseline");
  db.value = g.demand.baselinePerDay;
  db.dataset.grid = "demand|baselinePerDay";
  const ds = $("#demand-surge");
  ds.value = g.demand.surge;
  ds.dataset.grid = "demand|surge";
  renderWhatIfScenario();

  // Printers.
  const pc = $("#printers-count");
  pc.value = g.printers.count;
  pc.dataset.grid = "printers|count";
  const ps = $("#printers-spares");
  ps.value = g.printers.spares;
  ps.dataset.grid = "printers|spares";
  const pt = $("#printers-technician");
  pt.checked = g.printers.technicianOnSite;

  // Couriers and pickup windows.
  const ct = $("#courier-grid");
  ct.replaceChildren(
    el(
      "thead",
      {},
      el("tr", {}, el("th", { text: t("couriers.courier") }), el("th", { class: "n", text: t("couriers.share") }), el("th", { text: t("couriers.pickups") }), el("th", { class: "n", text: t("couriers.perPickup") }), el("th", { class: "n", text: t("couriers.dailyCap") })),
    ),
  );
  const cb = el("tbody");
  s.couriers.forEach((c, i) => {
    const gc = g.couriers[i];
    const named = (key) => `${c.name ?? c.id} / ${t(key)}`;
    const pickups = el("input", {
      type: "text",
      class: "pickups",
      required: true,
      "aria-label": named("couriers.pickups"),
      value: gc.pickups,
      pattern: "^\\s*([0-2]?\\d:[0-5]\\d)([\\s,，、]+[0-2]?\\d:[0-5]\\d)*\\s*$",
      "data-testid": `courier-${c.id}-pickups`,
      dataset: { grid: `couriers|${i}|pickups` },
      oninput: (e) => {
        if (e.target.checkValidity()) gc.pickups = e.target.value;
        updateChanges();
      },
    });
    cb.append(
      el(
        "tr",
        {},
        el("td", { text: c.name ?? c.id, title: c.id }),
        el("td", { class: "n" }, gc.share === null ? "–" : numInput(gc.share, { step: "0.05", max: "1", "aria-label": named("couriers.share"), "data-testid": `courier-${c.id}-share`, dataset: { grid: `couriers|${i}|share` } }, (v) => (gc.share = v))),
        el("td", {}, pickups),
        el("td", { class: "n" }, capInput(gc.capacityPerPickup, NO_CAP.capacityPerPickup, { class: "num mid", step: "100", "aria-label": named("couriers.perPickup"), "data-testid": `courier-${c.id}-per-pickup`, dataset: { grid: `couriers|${i}|capacityPerPickup` } }, (v) => (gc.capacityPerPickup = v))),
        el("td", { class: "n" }, capInput(gc.dailyCap, NO_CAP.dailyCap, { class: "num wide", step: "100", "aria-label": named("couriers.dailyCap"), "data-testid": `courier-${c.id}-daily-cap`, dataset: { grid: `couriers|${i}|dailyCap` } }, (v) => (gc.dailyCap = v))),
      ),
    );
  });
  ct.append(cb);

  for (const wc of [$("#wi-courier-id"), $("#wi-record-id")]) {
    const prev = wc.value;
    wc.replaceChildren(...s.couriers.map((c) => el("option", { value: c.id, text: c.name ?? c.id })));
    if (s.couriers.some((c) => c.id === prev)) wc.value = prev;
  }
  // Returns can go to any station but a printer or zone-picking one (schema.ts).
  const rs = $("#wi-returns-station");
  const prevRs = rs.value;
  const canReturn = s.stations.filter((st) => !st.needs?.includes("printers") && !st.zones);
  rs.replaceChildren(...canReturn.map((st) => el("option", { value: st.id, text: stationName(st) })));
  rs.value = canReturn.some((st) => st.id === prevRs) ? prevRs : (canReturn.find((st) => st.id === s.returns?.station) ?? canReturn[0])?.id ?? "";
  updateChanges();
  // Whether the last plan can be applied depends on the grid's stations and shifts.
  if (state.plan) renderPlan();
}

/** The shifts: each one's start and end (edited in place), its length, and Remove; the add-shift fields are below it in the page. */
function renderShiftTable(s, g) {
  const table = $("#shift-table");
  const head = el("tr", {}, el("th", { text: t("shifts.shift") }), el("th", { text: t("shifts.start") }), el("th", { text: t("shifts.end") }), el("th", { text: "" }), el("th", { text: "" }));
  const body = el("tbody");
  // An id typed and refused is kept (and named) while its shift is there and it is still no id the shift can take;
  // one that became fine meanwhile (another shift renamed or removed) goes: the field shows the shift's id again.
  const drafts = (state.shiftIdDrafts ??= {});
  for (const [id, text] of Object.entries(drafts)) if (!g.shifts.some((x) => x.id === id) || !shiftIdProblem(text.trim(), id)) delete drafts[id];
  for (const sh of g.shifts) {
    const added = !sh.from;
    const time = (k) =>
      el("input", {
        type: "text",
        class: "clock",
        required: true,
        size: "5",
        pattern: CLOCK_PATTERN,
        value: sh[k],
        "aria-label": `${shiftName(sh.id)} / ${t(`shifts.${k}`)}`,
        "data-testid": `shift-${sh.id}-${k}`,
        dataset: { grid: `shifts|${sh.id}|${k}` },
        oninput: (e) => {
          if (e.target.checkValidity()) sh[k] = e.target.value.trim();
          updateChanges(); // an invalid time is named below the Run button, which it disables
        },
      });
    const name = shiftName(sh.id);
    // The id, edited in place: a rename applies when the field is left or Enter is pressed (editShiftId, commitShiftId).
    const idInput = el("input", {
      type: "text",
      class: "shift-id",
      required: true,
      size: "8",
      maxlength: "40",
      autocomplete: "off",
      spellcheck: "false",
      value: drafts[sh.id] ?? sh.id,
      title: t("shifts.idTip"),
      "aria-label": `${name} / ${t("shifts.id")}`,
      "data-testid": `shift-${sh.id}-id`,
      dataset: { grid: `shifts|${sh.id}|id`, renames: sh.id },
      oninput: (e) => editShiftId(sh.id, e.target),
      onchange: (e) => commitShiftId(sh.id, e.target, false),
      onkeydown: (e) => e.key === "Enter" && !e.isComposing && commitShiftId(sh.id, e.target, true),
    });
    idInput.setCustomValidity(shiftIdProblem(idInput.value.trim(), sh.id) ?? "");
    body.append(
      el(
        "tr",
        { "data-testid": `shift-row-${sh.id}` },
        el("td", {}, idInput, name !== sh.id ? el("span", { class: "muted small", text: ` ${name}` }) : null, added ? el("span", { class: "shift-tag", text: t("shifts.added") }) : null),
        el("td", {}, time("start")),
        el("td", {}, time("end")),
        el("td", { class: "muted small", "data-shift-note": sh.id, text: shiftNote(sh) }),
        el("td", {}, el("button", { type: "button", class: "secondary small", "data-testid": `shift-${sh.id}-remove`, disabled: g.shifts.length < 2, title: t(g.shifts.length < 2 ? "shifts.lastTip" : "shifts.removeTip"), text: t("shifts.remove"), onclick: () => removeShift(sh.id) })),
      ),
    );
  }
  table.append(el("thead", {}, head), body);
}

// ------------------------------------------------------------------ runs

function scenarioRef() {
  const text = $("#scenario-text").value;
  const b = state.base;
  // A library scenario unchanged since loading: send its id (the run records it); else the text.
  if (b?.id && (b.source === "file" || b.source === "saved") && text === b.text) return { scenario: b.id };
  return { scenarioText: text };
}

async function startRun() {
  if (inputProblems().length) return updateChanges();
  const body = {
    ...scenarioRef(),
    sets: gridSets(),
    disruptions: whatIfDisruptions(),
    replications: Number($("#replications").value),
  };
  const seed = $("#seed").value;
  if (seed !== "") body.seed = Number(seed);
  try {
    const { id, warnings } = await api("POST", "/api/runs", body);
    showIssues("");
    showWarnings(warnings);
    followRun(id);
  } catch (e) {
    // A refused request asked again without starting it (a problem of the request: 400, or its library scenario gone: 404); a refusal of the moment (too many runs) worded on the page.
    const again = e.code === "validation" || e.code === "not-found" ? recheck(body, "runs") : undefined;
    showIssues(errorWords(e, { what: "scenario", id: body.scenario }), e.issues, false, again, e.lang);
  }
}

function setProgress(bar, text, p, status) {
  $(bar).parentElement.hidden = false;
  $(bar).style.width = p.total ? `${(100 * p.done) / p.total}%` : "0";
  say(text, () => (status === "queued" ? t("run.queued") : t("run.progress", p)));
}

function followRun(id) {
  state.runSource?.close();
  $("#run").disabled = true;
  $("#cancel").hidden = false;
  $("#cancel").dataset.run = id;
  setProgress("#progress-bar", "#progress-text", { done: 0, total: Number($("#replications").value) }, "queued");
  const es = new EventSource(`/api/runs/${id}/events`);
  state.runSource = es;
  es.addEventListener("progress", (ev) => setProgress("#progress-bar", "#progress-text", JSON.parse(ev.data), "running"));
  es.addEventListener("done", async (ev) => {
    es.close();
    state.runSource = null;
    $("#run").disabled = false;
    $("#cancel").hidden = true;
    const end = JSON.parse(ev.data);
    say("#progress-text", () => (end.status === "done" ? t("run.done") : endText(end)));
    $("#progress-text").dataset.status = end.status;
    if (end.status === "done") await openRun(id);
    refreshHistory();
  });
  es.onerror = () => {
    // The browser reconnects on its own; if the run is gone, stop.
    if (es.readyState === EventSource.CLOSED) {
      $("#run").disabled = false;
      $("#cancel").hidden = true;
    }
  };
}

async function cancelRun() {
  const id = $("#cancel").dataset.run;
  if (id) await api("POST", `/api/runs/${id}/cancel`).catch((e) => showIssues(errorWords(e, { what: "run", id }), e.issues, false, undefined, e.lang));
}

async function openRun(id) {
  const run = await api("GET", `/api/runs/${id}`);
  if (run.kind !== "run" || run.status !== "done") return;
  state.run = run;
  switchTab("results");
  renderResults();
}

// ------------------------------------------------------------------ results

function lastHourIndex(h) {
  let last = h.startSec.length - 1;
  while (last > 0 && (h.runs?.[last] ?? 1) === 0) last--;
  return last;
}

function renderResults() {
  const run = state.run;
  if (!run?.summary) return;
  const s = run.summary;
  $("#results-empty").hidden = true;
  $("#results").hidden = false;
  $("#results-title").textContent = t("results.of", { id: run.id, name: runName(run), reps: s.replications, seed: run.seed });
  for (const a of document.querySelectorAll("#results a[data-format]")) {
    a.href = `/api/runs/${run.id}/report?format=${a.dataset.format}&lang=${lang()}`;
  }
  renderKpis(s);
  // A horizon that ends before the peak day does: its shares cover only the orders paid by then.
  const cut = s.peakDayCut;
  $("#peak-cut").hidden = !cut;
  $("#peak-cut").textContent = cut ? t("results.peakDayCut", { at: fmtSec(cut.endSec), end: fmtSec(cut.dayEndSec, state.run, true), n: fmtNum(cut.orders) }) : "";
  renderBacklog(s);
  renderQueues(s);
  renderHeatmap(s);
  renderStations(s);
  renderRisk(s);
  const adv = $("#advice");
  adv.replaceChildren(...(s.advice ?? []).map((a) => el("li", { text: a[lang()] ?? a.en })));
  $("#advice-box").hidden = !(s.advice ?? []).length;
}

/** The first of `names` the summary has: its estimate, or null for a figure no replication observed (shown "–"). */
function fig(s, ...names) {
  for (const n of names) if (s.figures?.[n]) return s.figures[n];
  for (const n of names) if (s.figures && n in s.figures) return null;
  return undefined;
}

function renderKpis(s) {
  const box = $("#kpis");
  box.replaceChildren();
  const card = (label, value, ci, cls) => box.append(el("div", { class: `kpi ${cls ?? ""}` }, el("div", { class: "v", text: value }), el("div", { class: "l", text: label }), ci ? el("div", { class: "ci", text: ci }) : null));
  // An interval cut at 0% or 100% (or a Wilson one) is not symmetric: shown as its bounds.
  const pm = (e, f) => (!e ? "" : e.low !== undefined && e.high !== undefined ? `${f(e.low)}–${f(e.high)}` : Number.isFinite(e.halfWidth) ? `± ${f(e.halfWidth)}` : "");
  const peak = fig(s, "orders.peakDay", "orders.arrived");
  if (peak) card(t("kpi.peakOrders"), fmtNum(peak.mean), pm(peak, fmtNum));
  // A run cut by its horizon leaves some 12 h / 24 h windows open at the end: shown as undetermined, not as missed.
  const und = (name) => {
    const u = fig(s, name);
    return u && u.max > 0 ? paren(`+${fmtPct(u.mean)} ${t("risk.undetermined")}`) : "";
  };
  // A share of no peak-day orders is null in every replication: "–", not 0%.
  const s12 = fig(s, "shippedWithin.h12");
  if (s12 !== undefined) card(t("kpi.ship12"), s12 ? fmtPct(s12.mean) : "–", pm(s12, fmtPct) + und("shippedWithin.undeterminedH12"));
  const s24 = fig(s, "shippedWithin.h24");
  if (s24 !== undefined) card(t("kpi.ship24"), s24 ? fmtPct(s24.mean) : "–", pm(s24, fmtPct) + und("shippedWithin.undeterminedH24"), !s24 ? "" : s24.mean >= 0.95 ? "ok" : s24.mean < 0.8 ? "bad" : "");
  // Rules that judged no order (the 48 h rule when every order is in the Double 11 window) have no risk to show.
  const rules = (s.deadlines ?? []).filter((d) => !d.orders || d.orders.mean > 0);
  if (rules.length) {
    // One card: the worst rule's P(any late) large, every rule on its own line below.
    const worst = rules.reduce((a, b) => (b.pAnyLate.p > a.pAnyLate.p ? b : a));
    const lines = el("div", { class: "ci" });
    for (const d of rules) lines.append(el("div", { title: d.id, text: `${ruleLabel(d)}${colon()}${fmtPct(d.pAnyLate.p, 0)}${paren(`${fmtPct(d.pAnyLate.low, 0)}–${fmtPct(d.pAnyLate.high, 0)}`)}` }));
    box.append(el("div", { class: `kpi wide ${worst.pAnyLate.p > 0.1 ? "bad" : worst.pAnyLate.p === 0 ? "ok" : ""}`, "data-testid": "kpi-risk" }, el("div", { class: "v", text: fmtPct(worst.pAnyLate.p, 0) }), el("div", { class: "l", text: t("kpi.pLate") }), lines));
  }
  const cost = fig(s, "labour.cost");
  if (cost) card(t("kpi.labour"), fmtMoney(cost.mean), pm(cost, fmtMoney));
  const returns = fig(s, "returns.processed");
  const left = fig(s, "returns.waitingAtEnd");
  const waited = fig(s, "returns.meanWaitHours");
  // Followed until handled: the days (means over the runs) when 95% and all of them were.
  const day = (f) => (f && f.n > 0 ? fmtSec(f.mean * 86400).slice(0, 5) : "");
  const p95 = day(fig(s, "returns.handled95Days"));
  const all = day(fig(s, "returns.allHandledDays"));
  const returnsSub = [
    left && !all ? t("kpi.returnsLeft", { n: fmtNum(left.mean) }) : "",
    all ? t("kpi.returnsDone", { p95: p95 || "–", all }) : "",
    waited ? t("kpi.returnsWaited", { h: fmtNum(waited.mean, 1) }) : "",
  ]
    .filter(Boolean)
    .join(" · ");
  if (returns) card(t("kpi.returns"), fmtNum(returns.mean), returnsSub);
  if (s.cleared) card(t("kpi.cleared"), `${s.cleared.k} / ${s.cleared.n}`, "", s.cleared.k < s.cleared.n ? "bad" : "ok");
}

/** Chart.js plugin: vertical lines at the deadlines (x in hours) with their labels. */
const deadlineLines = {
  id: "deadlineLines",
  afterDatasetsDraw(chart, _args, opts) {
    const { ctx, chartArea, scales } = chart;
    for (const line of opts.lines ?? []) {
      const x = scales.x.getPixelForValue(line.x);
      if (x < chartArea.left - 1 || x > chartArea.right + 1) continue;
      ctx.save();
      ctx.strokeStyle = "#c0392b";
      ctx.setLineDash([5, 4]);
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = "#c0392b";
      ctx.font = "11px system-ui, sans-serif";
      ctx.textAlign = x > chartArea.right - 120 ? "right" : "left";
      ctx.fillText(line.label, x + (ctx.textAlign === "right" ? -4 : 4), chartArea.top + 12 + (line.row ?? 0) * 13);
      ctx.restore();
    }
  },
};

/** A chart axis title (Chart.js `scales.x.title`), in the page's language when the chart is drawn. */
const axisTitle = (text) => ({ display: true, text, color: "#667085", font: { size: 11 } });

const PALETTE = ["#1f6feb", "#e67e22", "#16a085", "#8e44ad", "#c0392b", "#2c3e50", "#7f8c8d", "#d4ac0d", "#27ae60", "#e84393"];

function makeChart(key, config) {
  state.charts[key]?.destroy();
  const canvas = $(`#chart-${key}`);
  if (typeof Chart === "undefined") return;
  state.charts[key] = new Chart(canvas, config);
  canvas.dataset.ready = "true";
}

/** A linear x axis in hours from the start, ticked every 3, 6, 12 or 24 h depending on the span (every 24 h: dates only). */
function hourAxis(lastX) {
  const step = lastX <= 36 ? 3 : lastX <= 72 ? 6 : lastX <= 144 ? 12 : 24;
  return {
    type: "linear",
    min: 0,
    max: lastX,
    title: axisTitle(t(step === 24 ? "chart.axisDate" : "chart.axisTime")),
    ticks: {
      stepSize: step,
      includeBounds: false,
      maxRotation: 0,
      autoSkip: true,
      callback: (v) => (step === 24 ? fmtSec(Number(v) * 3600).slice(0, 5) : fmtSec(Number(v) * 3600)),
    },
  };
}

function renderBacklog(s) {
  const h = s.hourly;
  const last = lastHourIndex(h);
  const xs = h.startSec.slice(0, last + 1).map((sec) => sec / 3600 + 1);
  const pts = (arr) => xs.map((x, i) => ({ x, y: arr[i] }));
  const lastX = xs[xs.length - 1] ?? 1;
  const lines = [];
  const beyond = [];
  for (const d of s.deadlines ?? []) {
    const x = d.deadlineSec !== undefined ? d.deadlineSec / 3600 : d.withinHours;
    if (x === undefined) continue;
    // A rule that judged no order (the 48 h rule when every order is paid in the Double 11 window) marks nothing.
    if (d.orders && d.orders.mean === 0) continue;
    // The rule's own label says its date (双11：11月20日24:00前发货); a rule without one shows its id and date.
    const label = d.label?.[lang()] ? ruleLabel(d) : d.deadlineSec !== undefined ? `${d.id} ${fmtSec(d.deadlineSec, state.run, true)}` : `${d.id}${paren(`+${d.withinHours} h`)}`;
    if (x <= lastX) lines.push({ x, label, row: lines.length });
    else beyond.push(label);
  }
  makeChart("backlog", {
    type: "line",
    data: {
      datasets: [
        { label: t("chart.backlogBand"), data: pts(h.backlog.max), borderWidth: 0, pointRadius: 0, backgroundColor: "rgba(31,111,235,0.15)", fill: "+1" },
        { label: "min", data: pts(h.backlog.min), borderWidth: 0, pointRadius: 0, fill: false },
        { label: t("chart.backlogMean"), data: pts(h.backlog.mean), borderColor: "#1f6feb", borderWidth: 2, pointRadius: 0, fill: false },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: { x: hourAxis(lastX), y: { beginAtZero: true, title: axisTitle(t("chart.axisBacklog")), ticks: { callback: (v) => fmtNum(Number(v)) } } },
      plugins: {
        legend: { labels: { filter: (item) => item.text !== "min", boxWidth: 12 } },
        tooltip: { callbacks: { title: (items) => fmtSec((items[0].parsed.x - 1) * 3600) + "–" + fmtSec(items[0].parsed.x * 3600).slice(-5), label: (item) => (item.dataset.label === "min" ? null : `${item.dataset.label}: ${fmtNum(item.parsed.y)}`) } },
        deadlineLines: { lines },
        subtitle: { display: beyond.length > 0, text: beyond.length ? `→ ${beyond.join(lang() === "zh" ? "、" : ", ")}` : "", align: "end", color: "#c0392b", font: { size: 11 } },
      },
    },
    plugins: [deadlineLines],
  });
}

function renderQueues(s) {
  const h = s.hourly;
  const last = lastHourIndex(h);
  const xs = h.startSec.slice(0, last + 1).map((sec) => sec / 3600 + 1);
  const stations = s.stations ?? [];
  makeChart("queue", {
    type: "line",
    data: {
      datasets: stations.map((st, i) => ({
        label: stationName(st),
        data: xs.map((x, j) => ({ x, y: h.stations[st.id]?.queue[j] ?? 0 })),
        borderColor: PALETTE[i % PALETTE.length],
        backgroundColor: PALETTE[i % PALETTE.length],
        borderWidth: 1.5,
        pointRadius: 0,
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: { x: hourAxis(xs[xs.length - 1] ?? 1), y: { beginAtZero: true, title: axisTitle(t("chart.axisQueue")) } },
      plugins: { legend: { labels: { boxWidth: 12 } }, tooltip: { callbacks: { title: (items) => fmtSec(items[0].parsed.x * 3600) } } },
    },
  });
}

/** Heatmap colour stops: utilisation -> [r, g, b]. */
const HEAT_STOPS = [
  [0, [232, 245, 236]],
  [0.5, [160, 215, 150]],
  [0.75, [245, 205, 90]],
  [0.9, [236, 130, 70]],
  [1, [200, 50, 40]],
];

/** 0 -> pale green, 0.75 -> amber, 1 -> red, as [r, g, b]. */
function heatRgb(u) {
  const x = Math.max(0, Math.min(1, u));
  for (let i = 1; i < HEAT_STOPS.length; i++) {
    if (x <= HEAT_STOPS[i][0]) {
      const [x0, c0] = HEAT_STOPS[i - 1];
      const [x1, c1] = HEAT_STOPS[i];
      const f = (x - x0) / (x1 - x0);
      return c0.map((c, k) => Math.round(c + f * (c1[k] - c)));
    }
  }
  return HEAT_STOPS[HEAT_STOPS.length - 1][1];
}

/** A heatmap cell's background and the text colour (near-black or white) with the higher contrast on it (WCAG). */
function heatStyle(u) {
  const rgb = heatRgb(u);
  const lin = rgb.map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
  const lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  // #111 has a luminance of about 0.0056: dark text wins when (lum + 0.05) / 0.0556 > 1.05 / (lum + 0.05).
  const ink = (lum + 0.05) ** 2 > 1.05 * 0.0556 ? "#111" : "#fff";
  return `background:rgb(${rgb});color:${ink}`;
}

function renderHeatmap(s) {
  const h = s.hourly;
  const last = lastHourIndex(h);
  // A run of several days is shown a day at a time (the peak day first), or all of it: 24 columns fit a screen, 185 do not.
  const days = [];
  for (let i = 0; i <= last; i++) {
    const day = fmtSec(h.startSec[i]).slice(0, 5);
    if (days.at(-1)?.day !== day) days.push({ day, from: i, to: i });
    else days.at(-1).to = i;
  }
  if (!(state.heatDay === "all" && days.length > 1) && !days.some((d) => d.day === state.heatDay)) state.heatDay = days.length > 1 ? days[0].day : "all";
  const shown = state.heatDay === "all" ? { from: 0, to: last } : days.find((d) => d.day === state.heatDay);
  const pick = $("#heatmap-days");
  pick.replaceChildren();
  pick.hidden = days.length < 2;
  for (const d of [...days, { day: "all" }]) {
    pick.append(
      el("button", {
        type: "button",
        class: "small secondary",
        "aria-pressed": String(d.day === state.heatDay),
        "data-testid": `heatmap-day-${d.day}`,
        text: d.day === "all" ? t("heat.allDays") : d.day,
        onclick: () => {
          state.heatDay = d.day;
          renderHeatmap(s);
        },
      }),
    );
  }
  const table = $("#heatmap");
  table.replaceChildren();
  const head = el("tr", {}, el("th", { class: "station", text: "" }));
  for (let i = shown.from; i <= shown.to; i++) {
    const label = fmtSec(h.startSec[i]);
    const hh = label.slice(-5, -3);
    head.append(el("th", { title: label, text: hh === "00" || (i === shown.from && state.heatDay === "all") ? label.slice(0, 5) : hh }));
  }
  table.append(el("thead", {}, head));
  const body = el("tbody");
  for (const st of s.stations ?? []) {
    const sh = h.stations[st.id];
    const tr = el("tr", {}, el("th", { class: "station", text: stationName(st) }));
    for (let i = shown.from; i <= shown.to; i++) {
      const staff = sh?.staff[i] ?? 0;
      // null: nobody on duty that hour (no figure; the tip shows "–").
      const u = sh?.utilization[i] ?? null;
      const title = t("heat.tip", { station: stationName(st), time: fmtSec(h.startSec[i]), util: fmtPct(u, 0), people: fmtNum(staff, 1), queue: fmtNum(sh?.queue[i] ?? 0) });
      if (staff <= 0 || u === null) tr.append(el("td", { class: "off", title }));
      else tr.append(el("td", { title, style: heatStyle(u), text: String(Math.round(u * 100)) }));
    }
    body.append(tr);
  }
  table.append(body);
  renderHeatLegend();
}

/** The heatmap's key: what a cell's number is, sample cells along the colour scale, and the grey of no one on duty. */
function renderHeatLegend() {
  const swatch = (u) => el("span", { class: "heat-swatch", style: heatStyle(u), text: String(Math.round(u * 100)) });
  $("#heatmap-legend").replaceChildren(
    el("span", { text: t("heat.legend") }),
    el("span", { class: "heat-scale", role: "img", "aria-label": `${t("heat.legendLabel")}${colon()}${[0, 0.5, 0.75, 0.9, 1].map((u) => fmtPct(u, 0)).join(" → ")}` }, ...[0, 0.5, 0.75, 0.9, 1].map(swatch)),
    el("span", { class: "heat-off-key" }, el("span", { class: "heat-swatch off" }), t("heat.off")),
  );
}

/**
 * The station table: utilisation and waits over the replications that observed them,
 * "–" where none did (never on duty; no order started service there), never 0. A
 * station where some replication ended with orders still waiting has its waits marked
 * "*": they cover only the orders that started (see the note under the table).
 */
function renderStations(s) {
  const table = $("#stations-table");
  const stations = s.stations ?? [];
  const waiting = stations.filter((st) => (st.queuedAtEnd?.max ?? 0) > 0 && st.meanWaitMin);
  const mark = (st, e, text) => (e && waiting.includes(st) ? `${text}*` : text);
  const n = (e, digits) => (e ? fmtNum(e.mean, digits) : "–");
  table.replaceChildren(
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", { text: t("stations.station") }),
        ...["stations.util", "stations.peakUtil", "stations.meanWait", "stations.p95Wait", "stations.waiting", "stations.served"].map((k) => el("th", { class: "n", text: t(k) })),
      ),
    ),
  );
  const body = el("tbody");
  for (const st of stations) {
    body.append(
      el(
        "tr",
        { "data-station": st.id },
        el("td", { text: stationName(st), title: st.id }),
        el("td", { class: "n", text: st.utilization ? fmtPct(st.utilization.mean, 0) : "–" }),
        // The figure a peak day's staffing is judged by (the whole run's is diluted by the quieter days after).
        el("td", { class: "n", "data-testid": `peak-util-${st.id}`, text: st.peakDayUtilization ? fmtPct(st.peakDayUtilization.mean, 0) : "–" }),
        el("td", { class: "n", text: mark(st, st.meanWaitMin, n(st.meanWaitMin, 1)) }),
        el("td", { class: "n", text: mark(st, st.p95WaitMin, n(st.p95WaitMin, 1)) }),
        el("td", { class: "n", text: st.queuedAtEnd ? fmtNum(st.queuedAtEnd.mean, 1) : "–" }),
        el("td", { class: "n", text: fmtNum(st.served?.mean) }),
      ),
    );
  }
  table.append(body);
  const notes = [];
  if (stations.some((st) => !st.utilization || !st.meanWaitMin || !st.p95WaitMin)) notes.push(el("div", { text: t("stations.none") }));
  if (waiting.length) {
    const list = waiting.map((st) => t("stations.noteItem", { station: stationName(st), n: fmtNum(st.queuedAtEnd.mean, 1) })).join(lang() === "zh" ? "、" : ", ");
    notes.push(el("div", { text: t("stations.note", { list }) }));
  }
  $("#stations-note").replaceChildren(...notes);
}

function renderRisk(s) {
  const deadlines = s.deadlines ?? [];
  const cohorts = [...new Set(deadlines.flatMap((d) => Object.keys(d.byCohort ?? {})))].sort();
  makeChart("risk", {
    type: "bar",
    data: {
      labels: cohorts.map((c) => c.slice(5)),
      datasets: deadlines.map((d, i) => ({
        label: ruleLabel(d),
        data: cohorts.map((c) => d.byCohort?.[c]?.late.mean ?? 0),
        backgroundColor: PALETTE[(i + 4) % PALETTE.length],
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, title: axisTitle(t("chart.lateOrders")) }, x: { title: axisTitle(t("risk.cohort")) } },
      plugins: { legend: { labels: { boxWidth: 12, font: { size: 11 } } } },
    },
  });
  // No late order in any run: an empty chart would look like missing data.
  const anyLate = deadlines.some((d) => cohorts.some((c) => (d.byCohort?.[c]?.late.mean ?? 0) > 0));
  $("#risk-none").hidden = anyLate;
  $("#risk-none").textContent = anyLate ? "" : t("risk.noneLate", { n: s.replications ?? "" });
  const table = $("#risk-table");
  table.replaceChildren(
    el("thead", {}, el("tr", {}, el("th", { text: t("risk.rule") }), el("th", { class: "n", text: t("risk.pAnyLate") }), el("th", { class: "n", text: t("risk.late") }), el("th", { class: "n", text: t("risk.orders") }))),
  );
  const body = el("tbody");
  for (const d of deadlines) {
    body.append(
      el(
        "tr",
        {},
        el("td", { text: ruleLabel(d), title: d.id }),
        // No order judged in any replication: no risk to estimate (as on the cards above).
        el("td", { class: "n", text: d.orders && d.orders.mean === 0 ? "–" : `${fmtPct(d.pAnyLate.p, 0)}${paren(`${fmtPct(d.pAnyLate.low, 0)}–${fmtPct(d.pAnyLate.high, 0)}`)}` }),
        el("td", {
          class: "n",
          // Runs cut by their horizon: orders unfinished at the end with a later deadline are neither late nor on time.
          title: d.undetermined?.max > 0 ? t("risk.undeterminedNote") : undefined,
          // An interval cut at 0 (a heavy tail: mean ± half-width would pass below 0 late orders) as its bounds.
          text: `${fmtNum(d.late.mean, 1)}${d.late.low !== undefined && d.late.high !== undefined ? paren(`${fmtNum(d.late.low, 1)}–${fmtNum(d.late.high, 1)}`) : Number.isFinite(d.late.halfWidth) ? ` ± ${fmtNum(d.late.halfWidth, 1)}` : ""}${d.undetermined?.max > 0 ? paren(`+${fmtNum(d.undetermined.mean, 1)} ${t("risk.undetermined")}`) : ""}`,
        }),
        el("td", { class: "n", text: fmtNum(d.orders.mean) }),
      ),
    );
  }
  table.append(body);
}

// ------------------------------------------------------------------ history and compare

async function refreshHistory() {
  try {
    state.history = await api("GET", "/api/runs?kind=run");
  } catch {
    return;
  }
  renderHistory();
}

/**
 * A done run's headline figures in the history table (the store's `headline`: means
 * over the replications), coloured as on the result cards; "–" where the run observed
 * none, empty for a run not done.
 */
function headlineCells(h) {
  const cell = (v, text, cls = "") => el("td", { class: `n ${cls}`, text: h ? (v === null || v === undefined ? "–" : text(v)) : "" });
  return [
    cell(h?.shippedWithin12hShare, (v) => fmtPct(v)),
    cell(h?.shippedWithin24hShare, (v) => fmtPct(v), h?.shippedWithin24hShare == null ? "" : h.shippedWithin24hShare >= 0.95 ? "pos" : h.shippedWithin24hShare < 0.8 ? "neg" : ""),
    cell(h?.pAnyLateWorst, (v) => fmtPct(v, 0), h?.pAnyLateWorst == null ? "" : h.pAnyLateWorst === 0 ? "pos" : h.pAnyLateWorst > 0.1 ? "neg" : ""),
    cell(h?.labourCost, (v) => fmtMoney(v)),
  ];
}

function renderHistory() {
  const table = $("#history");
  table.replaceChildren();
  if (!state.history.length) {
    table.append(el("tbody", {}, el("tr", {}, el("td", { class: "muted", text: t("history.empty") }))));
    return;
  }
  table.append(
    el(
      "thead",
      {},
      el("tr", {}, el("th", { text: "" }), el("th", { text: "" }), el("th", { text: t("history.when") }), el("th", { text: t("history.name") }), el("th", { text: t("history.status") }), el("th", { class: "n", text: t("history.reps") }), el("th", { class: "n", text: t("run.seed") }), ...["history.h12", "history.h24", "history.pLate", "history.cost"].map((k) => el("th", { class: "n", text: t(k), title: t(`${k}Title`) })), el("th", { text: t("history.changes") })),
    ),
  );
  const body = el("tbody");
  for (const r of state.history) {
    const box = el("input", {
      type: "checkbox",
      "data-testid": `history-select-${r.id}`,
      disabled: r.status !== "done",
      onchange: (e) => {
        state.selected = state.selected.filter((x) => x !== r.id);
        if (e.target.checked) state.selected.push(r.id);
        if (state.selected.length > 2) state.selected = state.selected.slice(-2);
        for (const cb of document.querySelectorAll("#history input[type=checkbox]")) cb.checked = state.selected.includes(cb.dataset.testid.slice(15));
        $("#compare").disabled = state.selected.length !== 2;
      },
    });
    box.checked = state.selected.includes(r.id);
    body.append(
      el(
        "tr",
        {},
        el("td", {}, box),
        el(
          "td",
          { class: "actions" },
          r.status === "done" ? el("button", { type: "button", class: "secondary small", text: t("history.open"), onclick: () => openRun(r.id) }) : null,
          // Ended runs only (a run in progress is cancelled, not deleted).
          r.status !== "queued" && r.status !== "running" ? el("button", { type: "button", class: "secondary small", "data-testid": `history-delete-${r.id}`, text: t("history.delete"), onclick: () => deleteRun(r) }) : null,
        ),
        el("td", { text: new Date(r.createdAt).toLocaleString(lang() === "zh" ? "zh-CN" : "en-GB", { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }) }),
        el("td", { class: "name", text: runName(r) }),
        el("td", { class: `status-${r.status}`, text: t(`status.${r.status}`) + (r.status === "running" ? ` ${r.progress.done}/${r.progress.total}` : ""), title: r.error ?? "" }),
        el("td", { class: "n", text: String(r.replications) }),
        el("td", { class: "n", text: String(r.seed) }),
        ...headlineCells(r.headline),
        el("td", { class: "changes" }, el("code", { text: [...r.sets, ...(r.whatIf?.disruptions ?? []).map(disruptionTag)].join("\n") })),
      ),
    );
  }
  table.append(body);
  $("#compare").disabled = state.selected.length !== 2;
}

/** Deletes an ended run after asking; the history and the comparison forget it. */
async function deleteRun(r) {
  if (!globalThis.confirm(t("history.confirmDelete", { name: runName(r), id: r.id }))) return;
  try {
    await api("DELETE", `/api/runs/${r.id}`);
  } catch (e) {
    showIssues(errorWords(e, { what: "run", id: r.id }), e.issues, false, undefined, e.lang);
    return;
  }
  state.selected = state.selected.filter((x) => x !== r.id);
  if (state.run?.id === r.id) {
    // The run on the Results tab is gone, its exports with it.
    state.run = null;
    $("#results").hidden = true;
    $("#results-empty").hidden = false;
  }
  if (state.compare && (state.compare.a.id === r.id || state.compare.b.id === r.id)) {
    state.compare = null;
    $("#compare-box").hidden = true;
  }
  await refreshHistory();
}

/**
 * The two ticked runs as [A, B]: A the one started first (the baseline), B the later,
 * whatever order they were ticked in; `swapped` turns them round (the Swap button).
 */
function compareOrder(ids, swapped = false) {
  const when = (id) => {
    const r = state.history.find((x) => x.id === id);
    return r ? Date.parse(r.createdAt) : NaN;
  };
  // The history lists the newest first: a later place is an earlier run when the times tie.
  const place = (id) => state.history.findIndex((x) => x.id === id);
  const [a, b] = [...ids].sort((x, y) => when(x) - when(y) || place(y) - place(x));
  return swapped ? [b, a] : [a, b];
}

async function compare(swapped = false) {
  if (state.selected.length !== 2) return;
  try {
    const ids = compareOrder(state.selected, swapped);
    state.compare = await api("GET", `/api/compare?ids=${ids.join(",")}`);
    state.compare.swapped = swapped;
    renderCompare();
  } catch (e) {
    // Reading starts nothing: asked again in the new language after a switch (null: it now answers, what is shown stays).
    const url = `/api/compare?ids=${compareOrder(state.selected, swapped).join(",")}`;
    showIssues(errorWords(e), e.issues, false, async () => (await api("GET", url), null), e.lang);
  }
}

/** Compares the same two runs the other way round (B − A becomes A − B). */
function swapCompare() {
  const c = state.compare;
  if (!c) return;
  state.selected = [c.a.id, c.b.id];
  compare(!c.swapped);
}

function renderCompare() {
  const c = state.compare;
  if (!c) return;
  $("#compare-box").hidden = false;
  const changes = (r) => [...r.sets, ...(r.whatIf?.disruptions ?? []).map(disruptionTag)];
  const started = (r) => new Date(r.createdAt).toLocaleString(lang() === "zh" ? "zh-CN" : "en-GB", { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const who = (role, r) => `${role}${colon()}${runName(r)} · ${r.id} · ${t("history.when")} ${started(r)} · ${t("history.reps")} ${r.replications} · ${t("run.seed")} ${r.seed}${changes(r).length ? ` · ${changes(r).join("  ")}` : ""}`;
  // A is the baseline (the run started first) unless swapped: the heading says which is which by name.
  const named = (r) => `${runName(r)}${paren(r.id)}`;
  $("#compare-heading").textContent = t("compare.heading", { a: named(c.a), b: named(c.b) });
  $("#compare-note").replaceChildren(
    el("div", { "data-testid": "compare-a", text: who(t(c.swapped ? "compare.roleASwapped" : "compare.roleA"), c.a) }),
    el("div", { "data-testid": "compare-b", text: who(t(c.swapped ? "compare.roleBSwapped" : "compare.roleB"), c.b) }),
    // Same base seed but more replications in one run: paired over the replications both have.
    el("div", { "data-testid": "compare-method", text: !c.paired ? t("compare.unpaired") : c.common < Math.max(c.a.replications, c.b.replications) ? t("compare.pairedPart", { n: fmtNum(c.common) }) : t("compare.paired") }),
    // Runs that are not like for like (one stored by an earlier version, other stations or rules).
    ...(c.warnings ?? []).map((w) => el("div", { class: "validation warn", "data-testid": "compare-warning", text: lang() === "zh" ? w.zh : w.message })),
    // With many figures, some are marked by chance alone.
    c.significance ? el("div", { class: "muted small", "data-testid": "compare-chance", text: lang() === "zh" ? c.significance.zh : c.significance.message }) : "",
  );
  const table = $("#compare-table");
  table.replaceChildren(
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", { text: t("compare.figure") }),
        el("th", { class: "n", title: `${runName(c.a)} · ${c.a.id}`, text: `A · ${c.a.id}` }),
        el("th", { class: "n", title: `${runName(c.b)} · ${c.b.id}`, text: `B · ${c.b.id}` }),
        el("th", { class: "n", "data-testid": "compare-diff-head", text: t("compare.diff") }),
        el("th", { class: "n", text: t("compare.ci") }),
      ),
    ),
  );
  const body = el("tbody");
  for (const f of c.figures) {
    // A figure no replication of a run observed is null there ("–"); the difference is over the replications where both have it.
    const ref = f.a?.mean ?? f.b?.mean ?? 0;
    const digits = Math.abs(ref) < 10 && !Number.isInteger(ref) ? 2 : 1;
    const fmt = f.share ? (x) => fmtPct(x, 1) : (x) => fmtNum(x, digits);
    // Shares differ by percentage points ("pp", 个百分点); a difference that rounds to zero is "0.0", never "-0.0".
    const fmtD = f.share ? (x, unit = true) => `${fmtSigned(x * 100, 1)}${unit ? ` ${t("compare.pp")}` : ""}` : (x) => fmtSigned(x, digits);
    // The server's mark: an interval that excludes 0 and a difference visible at the printed precision (older answers: the interval alone).
    const sig = f.significant ?? (f.ci && (f.ci.low > 0 || f.ci.high < 0));
    body.append(
      el(
        "tr",
        {},
        // The figure in words (runs stored by the server before labels: its name), the name on hover.
        el("td", { title: f.name, text: f.label?.[lang()] ?? f.name }),
        el("td", { class: "n", text: f.a ? fmt(f.a.mean) : "–" }),
        el("td", { class: "n", text: f.b ? fmt(f.b.mean) : "–" }),
        el("td", { class: `n ${sig ? "sig" : ""}`, text: f.diff === null || f.diff === undefined ? "–" : fmtD(f.diff) }),
        // The unit once, after the interval: "-1.2 … +0.5 pp".
        el("td", { class: "n", text: f.ci ? `${fmtD(f.ci.low, false)} … ${fmtD(f.ci.high)}` : "–" }),
      ),
    );
  }
  table.append(body);
}

// ------------------------------------------------------------------ planner

/**
 * Planner search settings: "thorough" = the planner's defaults; "quick" = fewer replications
 * and evaluations, no one-more/one-fewer table. Quick still allows 80 replications of a plan:
 * showing "P(any late) <= 5%" at 95% confidence takes 73 runs with none late, so with fewer
 * the page's default target could never be met. Both run the 2x-forecast stress test
 * (DOMAIN's recommended test; one evaluation, 10 replications in quick).
 */
const PLAN_MODES = {
  thorough: {},
  quick: { replications: 5, maxReplications: 80, maxEvaluations: 40, marginal: false, stress: true, marginalReplications: 10 },
};

/**
 * The planner's targets: the scenario's own (`targets`), else the planner's defaults
 * (`defaults`: the API's `defaultTargets` for that scenario, from src/sim/planner, which
 * `peakline plan` and POST /api/plan use too).
 */
function planTargetsOf(s, defaults = state.base?.defaultTargets) {
  if (s?.targets?.length) return s.targets;
  return s ? (defaults ?? []) : [];
}

/** A target's id, as the CLI writes it: "late:d11-ship", "within24h", "wait:pack". */
const targetKey = (x) => (x.kind === "late-probability" ? `late:${x.rule}` : x.kind === "shipped-within" ? `within${x.hours}h` : `wait:${x.station}`);

/** One field per target, its limit in % (minutes for a wait); edits are kept while the scenario keeps that target. */
function renderPlanTargets() {
  const s = state.base?.scenario;
  const box = $("#plan-targets");
  if (!s) return box.replaceChildren();
  const kept = (state.planTargetEdits ??= {});
  const fields = planTargetsOf(s).map((x) => {
    const key = targetKey(x);
    let label;
    let value;
    let attrs;
    if (x.kind === "late-probability") {
      const d = s.deadlines.find((r) => r.id === x.rule);
      label = t("planner.targetLate", { rule: d ? ruleLabel(d) : x.rule });
      value = +(x.maxProbability * 100).toFixed(2);
      attrs = { min: "0", max: "100", step: "any", unit: "%" };
    } else if (x.kind === "shipped-within") {
      label = t("planner.targetShip", { hours: x.hours });
      value = +(x.minShare * 100).toFixed(2);
      attrs = { min: "0", max: "100", step: "any", unit: "%" };
    } else {
      label = t("planner.targetWait", { station: stationName(s.stations.find((st) => st.id === x.station) ?? { id: x.station }) });
      value = x.maxMin;
      attrs = { min: "0", max: "100000", step: "any", unit: t("planner.minutes") };
    }
    const input = el("input", {
      type: "number",
      class: "num",
      required: true,
      min: attrs.min,
      max: attrs.max,
      step: attrs.step,
      value: String(kept[key] ?? value),
      "aria-label": `${label} (${attrs.unit})`,
      "data-testid": `plan-target-${key}`,
      dataset: { target: JSON.stringify(x) },
      oninput: (e) => {
        kept[key] = e.target.value;
        refreshPlanFix();
      },
    });
    return el("label", {}, el("span", { text: label }), " ", input, ` ${attrs.unit}`);
  });
  box.replaceChildren(el("span", { class: "muted small", text: t(s.targets?.length ? "planner.targetsFromScenario" : "planner.targetsDefault") }), ...fields);
  refreshPlanFix();
}

/** "Fix first: ..." for the target fields that hold no valid limit now, or "". */
function planFixText() {
  const { problems } = planTargetsFromFields();
  return problems.length ? t("planner.fixTargets", { list: problems.join(lang() === "zh" ? "；" : "; ") }) : "";
}

/** Keeps a shown "fix first" line true: it follows edits and a scenario that drops the target, and goes once all limits are valid. */
function refreshPlanFix() {
  if (!state.planFix) return;
  if (!planFixText()) state.planFix = false;
  say("#plan-status", planFixText);
}

/** The targets as the planner API takes them, or the problems of the fields that do not hold a valid limit. */
function planTargetsFromFields() {
  const targets = [];
  const problems = [];
  for (const input of document.querySelectorAll("#plan-targets input")) {
    const x = JSON.parse(input.dataset.target);
    const v = input.value === "" ? NaN : Number(input.value);
    if (!input.checkValidity() || !Number.isFinite(v)) {
      problems.push(`${input.closest("label").querySelector("span").textContent}${colon()}${allowedText(input)}`);
      continue;
    }
    if (x.kind === "late-probability") targets.push({ ...x, maxProbability: v / 100 });
    else if (x.kind === "shipped-within") targets.push({ ...x, minShare: v / 100 });
    else targets.push({ ...x, maxMin: v });
  }
  return { targets, problems };
}

async function startPlan() {
  const { targets, problems } = planTargetsFromFields();
  state.planFix = problems.length > 0;
  if (state.planFix) {
    say("#plan-status", planFixText);
    return;
  }
  const body = {
    ...scenarioRef(),
    sets: gridSets(),
    disruptions: whatIfDisruptions(),
    options: { ...PLAN_MODES[$("#plan-mode").value], targets },
  };
  const minCrew = Number($("#plan-min-crew").value);
  if (minCrew > 1) body.options.minCrew = minCrew;
  // "launch=00:00-08:00@0, early=04:00-12:00": the server reads each (and refuses a bad one at options.tryShifts[i]).
  const tryShifts = $("#plan-try-shifts").value.split(/[,;，；]\s*(?=[A-Za-z0-9_-]+\s*=)/).map((x) => x.trim()).filter(Boolean);
  if (tryShifts.length) body.options.tryShifts = tryShifts;
  const seed = $("#seed").value;
  if (seed !== "") body.seed = Number(seed);
  $("#plan-apply").hidden = true;
  $("#plan-result").replaceChildren();
  try {
    const { id, warnings } = await api("POST", "/api/plan", body);
    showWarnings(warnings);
    followPlan(id);
  } catch (e) {
    say("#plan-status", errorWords(e, { what: "scenario", id: body.scenario }));
    // Problems of the request (planner options out of range, the scenario's): asked again after a language switch without starting the plan.
    if (e.issues?.length) showIssues(errorWords(e), e.issues, false, recheck(body, "plan"), e.lang);
  }
}

function followPlan(id) {
  state.planSource?.close();
  $("#plan").disabled = true;
  const es = new EventSource(`/api/runs/${id}/events`);
  state.planSource = es;
  es.addEventListener("progress", (ev) => {
    const p = JSON.parse(ev.data);
    setProgress("#plan-progress-bar", "#plan-status", p, "running");
    say("#plan-status", () => {
      const step = lang() === "zh" ? (p.zh ?? p.message) : p.message;
      return `${t("planner.progress", p)}${step ? ` · ${step}` : ""}`;
    });
  });
  es.addEventListener("done", async (ev) => {
    es.close();
    $("#plan").disabled = false;
    const end = JSON.parse(ev.data);
    if (end.status !== "done") {
      say("#plan-status", () => endText(end));
      return;
    }
    say("#plan-status", () => t("run.done"));
    // The bar counts against the most evaluations allowed; a search that stops early is still done.
    $("#plan-progress-bar").style.width = "100%";
    state.plan = await api("GET", `/api/runs/${id}`);
    renderPlan();
  });
}

/** The stress test's multiplier as the planner was asked for it (2: "2x the forecast"). */
const stressFactorOf = (res) => fmtUpTo(res.settings?.stressFactor ?? res.stress?.forecastFactor ?? 2);

/** A target's estimate in its unit: a share or probability in %, a wait in minutes. */
const fmtCheck = (unit, x) => (unit === "min" ? `${fmtNum(x, 1)} ${t("planner.minutes")}` : fmtPct(x, 1));
/** A change of a target's estimate: percentage points, or minutes. */
const fmtCheckDelta = (unit, x) => (unit === "min" ? `${fmtSigned(x, 1)} ${t("planner.minutes")}` : `${fmtSigned(x * 100, 1)} ${t("compare.pp")}`);
/** "meets" in green, "fails" in red, "undecided" in amber. */
const statusClass = (st) => (st === "meets" ? "status-done" : st === "fails" ? "status-failed" : "status-running");
/** A target's short name in the page's language: its label without the limit ("... <= 5%"). */
const checkName = (c) => (c.label?.[lang()] ?? c.key).replace(/\s*(<=|>=)\s*[\d.]+\s*(%|min)?$/, "");

/** A marginal move in words: "Pack / day +1 permanent", "Printers -1". */
function moveText(m) {
  const d = m.delta > 0 ? `+${m.delta}` : String(m.delta);
  if (m.kind === "printers") return t("planner.printersMove", { d });
  const st = state.base?.scenario?.stations.find((x) => x.id === m.station) ?? { id: m.station };
  const crew = m.crew ? t(m.delta > 0 ? "planner.crewOpen" : "planner.crewClose") : "";
  const printers = m.printers ? t(m.printers === 1 ? "planner.withPrinter" : "planner.withPrinters", { n: m.printers }) : "";
  return `${t("planner.staffMove", { station: stationName(st), shift: shiftName(m.shift), d, type: t(m.type === "temp" ? "planner.temp" : "planner.permanent") })}${printers}${crew}`;
}

/** Why a marginal move is not allowed (or only simulated past a soft limit), in words; "" when it is allowed. */
function blockedText(m, res) {
  if (!m.blockedBy) return "";
  if (m.move.kind === "printers" && m.move.delta < 0) {
    if (m.blockedBy === "minimum") return t("planner.blocked.minimumPrinter");
    if (m.blockedBy === "printers") return t("planner.blocked.printersOperator");
  }
  return t(`planner.blocked.${m.blockedBy}`, { n: res.constraints?.minCrew ?? 1 });
}

/** One fewer that still meets by the point estimates: why the plan keeps the person anyway (the removal pass). */
function keptText(m) {
  const v = m.removal;
  if (!(m.move.delta < 0 && m.meetsPoint && v)) return "";
  if (v.outcome === "screen" || v.outcome === "fails" || v.outcome === "undecided") return t(`planner.kept.${v.outcome}`, { n: v.replications ?? "" });
  return t("planner.kept.notTried");
}

/** The verdict over the plan: at the forecast, and whether it holds at the stress test's multiple of it. */
function planVerdict(res) {
  const f = stressFactorOf(res);
  if (!res.meets) return { cls: "status-failed", text: t("planner.none") };
  if (!res.stress) return { cls: "status-running", text: t("planner.meetsNoStress", { f }) };
  if (res.stress.meets) return { cls: "status-done", text: t("planner.meetsAtForecast", { f }) };
  const fails = res.stress.checks.some((c) => c.status === "fails");
  return { cls: fails ? "status-failed" : "status-running", text: t(fails ? "planner.meetsButStress" : "planner.meetsStressUndecided", { f }) };
}

/**
 * The 2x-forecast stress test (DOMAIN: "stress-test ... at 2x the forecast volume"):
 * pass or fail, then per target its limit, the plan's estimate at the forecast and at
 * the multiple, and the status there.
 */
function renderStress(res) {
  const f = stressFactorOf(res);
  const st = res.stress;
  if (!st) return el("div", { class: "stress-box none", "data-testid": "plan-stress", "data-status": "not-run" }, el("strong", { text: t("planner.stressTitle", { f }) }), " ", el("span", { text: t("planner.stressNotRun", { f }) }));
  const k = st.checks.filter((c) => c.status !== "meets").length;
  const failed = st.checks.some((c) => c.status === "fails");
  const status = st.meets ? "meets" : failed ? "fails" : "undecided";
  const factorNote = Math.abs(st.forecastFactor - (res.settings?.stressFactor ?? st.forecastFactor)) > 1e-9 ? paren(t("planner.stressFactor", { x: fmtUpTo(st.forecastFactor) })) : "";
  const summary = st.meets
    ? t("planner.stressMeets", { f, n: st.replications })
    : failed
      ? t("planner.stressFails", { f, k: st.checks.filter((c) => c.status === "fails").length, m: st.checks.length, n: st.replications })
      : t("planner.stressUndecided", { f, k, m: st.checks.length, n: st.replications });
  const table = el(
    "table",
    { class: "grid" },
    el(
      "thead",
      {},
      el("tr", {}, el("th", { text: t("planner.target") }), el("th", { class: "n", text: t("planner.limit") }), el("th", { class: "n", text: t("planner.atForecast") }), el("th", { class: "n", text: t("planner.atStress", { f }) }), el("th", { text: t("planner.statusAt", { f }) }))),
  );
  const body = el("tbody");
  for (const c of st.checks) {
    const here = res.evaluation?.checks?.find((x) => x.key === c.key);
    body.append(
      el(
        "tr",
        { "data-testid": "plan-stress-row", "data-key": c.key, "data-status": c.status },
        el("td", { text: checkName(c) }),
        el("td", { class: "n", text: `${c.sense === "<=" ? "≤" : "≥"} ${fmtCheck(c.unit, c.limit)}` }),
        el("td", { class: "n", text: here ? fmtCheck(here.unit, here.estimate) : "–" }),
        el("td", { class: `n ${statusClass(c.status)}`, title: `95% CI ${fmtCheck(c.unit, c.low)} – ${fmtCheck(c.unit, c.high)}`, text: fmtCheck(c.unit, c.estimate) }),
        el("td", { class: statusClass(c.status) }, el("strong", { text: t(`planner.${c.status}`) })),
      ),
    );
  }
  table.append(body);
  return el(
    "div",
    { class: `stress-box ${status}`, "data-testid": "plan-stress", "data-status": status },
    el("div", { class: "stress-head" }, el("strong", { text: `${t("planner.stressTitle", { f })}${factorNote}` }), " ", el("span", { "data-testid": "plan-stress-summary", text: summary })),
    el("div", { class: "table-scroll" }, table),
  );
}

/** Peak-day orders shipped within 12 h and 24 h, when the plan's targets carry them (at the forecast and at the stress test's multiple). */
function renderShares(res) {
  const f = stressFactorOf(res);
  const parts = [];
  for (const hours of [12, 24]) {
    const k = hours === 12 ? "h12" : "h24";
    // Both shares, targets on them or not (plans stored before carry them only as targets).
    const sw = res.evaluation?.shippedWithin?.[k];
    const c = res.evaluation?.checks?.find((x) => x.target?.kind === "shipped-within" && x.target.hours === hours);
    const v = sw?.mean ?? c?.estimate;
    if (v === undefined || v === null) continue;
    const st = res.stress?.shippedWithin?.[k]?.mean ?? (c ? res.stress?.checks?.find((x) => x.key === c.key)?.estimate : undefined);
    const worst = sw ? t("planner.shareWorst", { v: fmtPct(sw.min, 1) }) : "";
    parts.push(`${t("planner.shareLine", { hours, v: fmtPct(v, 1) })}${worst ? paren(worst) : ""}${st !== undefined && st !== null ? paren(t("planner.shareAt", { f, v: fmtPct(st, 1) })) : ""}`);
  }
  return parts.length ? el("p", { class: "plan-shares", "data-testid": "plan-shares", text: parts.join(" · ") }) : null;
}

/** What one person (or printer) more or fewer at each station and shift does to each target and the cost. */
function renderMarginal(res) {
  const rows = res.marginal ?? [];
  if (!rows.length) return el("p", { class: "muted small", "data-testid": "plan-marginal-none", text: t("planner.marginalNone") });
  const checks = res.evaluation?.checks ?? [];
  const n = rows.find((m) => m.replications)?.replications ?? "";
  const head = el("tr", {}, el("th", { text: t("planner.change") }), el("th", { class: "n", text: t("planner.costChange") }));
  for (const c of checks) head.append(el("th", { class: "n target", title: c.label?.[lang()] ?? c.key, text: checkName(c) }));
  head.append(el("th", { text: t("planner.stillMeets") }));
  const body = el("tbody");
  // First the plan itself on the same seeds: what every change is measured against.
  const base = rows.find((m) => m.base)?.base;
  if (base) {
    const tr = el("tr", { class: "base", "data-testid": "plan-marginal-base" }, el("td", { text: t("planner.thisPlan") }), el("td", { class: "n", text: fmtMoney(res.evaluation?.cost?.total) }));
    for (const c of checks) tr.append(el("td", { class: "n", text: fmtCheck(c.unit, base.find((x) => x.key === c.key)?.estimate) }));
    tr.append(el("td", { text: "" }));
    body.append(tr);
  }
  for (const m of rows) {
    const mv = m.move;
    const id = mv.kind === "printers" ? `printers${mv.delta > 0 ? "+" : ""}${mv.delta}` : `${mv.station}.${mv.shift}.${mv.type}${mv.delta > 0 ? "+" : ""}${mv.delta}`;
    // Why it is not allowed, or why the plan keeps a person it could do without by the point estimates: under the change.
    const note = [blockedText(m, res), keptText(m)].filter(Boolean).join(lang() === "zh" ? "；" : "; ");
    const tr = el(
      "tr",
      { "data-testid": "plan-marginal-row", "data-move": id, class: m.allowed ? "" : "blocked" },
      el("td", { class: "move" }, moveText(mv), note ? el("div", { class: "move-note", "data-testid": "plan-marginal-note", text: note }) : null),
      el("td", { class: `n ${m.deltaCost > 0 ? "neg" : m.deltaCost < 0 ? "pos" : ""}`, text: `${m.deltaCost > 0 ? "+" : m.deltaCost < 0 ? "−" : ""}${fmtMoney(Math.abs(m.deltaCost))}` }),
    );
    for (const c of checks) {
      const e = m.effects?.find((x) => x.key === c.key);
      if (!e) {
        tr.append(el("td", { class: "n muted", text: "–" }));
        continue;
      }
      // Better for the target: a lower risk or wait, a higher share shipped.
      const better = c.sense === "<=" ? e.delta < 0 : e.delta > 0;
      const worse = c.sense === "<=" ? e.delta > 0 : e.delta < 0;
      const tiny = c.unit === "min" ? Math.abs(e.delta) < 0.05 : Math.abs(e.delta) < 0.0005;
      tr.append(el("td", { class: `n ${tiny ? "" : better ? "pos" : worse ? "neg" : ""}`, text: `${fmtCheck(c.unit, e.estimate)}${tiny ? "" : paren(fmtCheckDelta(c.unit, e.delta))}` }));
    }
    tr.append(el("td", { class: m.meetsPoint === undefined ? "muted" : m.meetsPoint ? "status-done" : "status-failed", text: m.meetsPoint === undefined ? "–" : t(m.meetsPoint ? "planner.yes" : "planner.no") }));
    body.append(tr);
  }
  return el(
    "details",
    { class: "marginal", open: true, "data-testid": "plan-marginal" },
    el("summary", { text: t("planner.marginalTitle") }),
    el("p", { class: "muted small", text: t("planner.marginalIntro", { n }) }),
    el("div", { class: "table-scroll" }, el("table", { class: "grid", "data-testid": "plan-marginal-table" }, el("thead", {}, head), body)),
  );
}

/** The line beside Apply: whether the staffing it applies holds at the stress test's multiple of the forecast. */
function renderApplyNote(res, show) {
  const note = $("#plan-apply-note");
  const st = res?.stress;
  note.hidden = !show || !res?.meets || !st;
  if (note.hidden) return note.replaceChildren();
  const f = stressFactorOf(res);
  // The targets it fails at that volume (or, when none fails outright, those not shown to be met).
  const failing = st.checks.some((c) => c.status === "fails") ? st.checks.filter((c) => c.status === "fails") : st.checks.filter((c) => c.status !== "meets");
  note.className = `plan-apply-note ${st.meets ? "status-done" : failing.some((c) => c.status === "fails") ? "status-failed" : "status-running"}`;
  note.dataset.status = st.meets ? "meets" : failing.some((c) => c.status === "fails") ? "fails" : "undecided";
  note.textContent = st.meets
    ? `✓ ${t("planner.applyStressMeets", { f })}`
    : `⚠ ${t(failing.some((c) => c.status === "fails") ? "planner.applyStressFails" : "planner.applyStressUndecided", {
        f,
        list: failing.map((c) => `${checkName(c)} ${fmtCheck(c.unit, c.estimate)}`).join(lang() === "zh" ? "；" : "; "),
      })}`;
}

function renderPlan() {
  const box = $("#plan-result");
  box.replaceChildren();
  const res = state.plan?.result;
  const s = state.base?.scenario;
  $("#plan-apply").hidden = true;
  renderApplyNote(null, false);
  if (!res?.plan || !s) return;
  const L = lang();
  box.append(el("p", { class: "muted small", text: `${runName(state.plan)} · ${state.plan.id} · ${new Date(state.plan.createdAt).toLocaleString(L === "zh" ? "zh-CN" : "en-GB", { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })}` }));
  // The verdict says at once whether the staffing also holds at 2x the forecast; the stress test follows it.
  const verdict = planVerdict(res);
  box.append(el("p", { class: `plan-verdict ${verdict.cls}`, "data-testid": "plan-meets", text: verdict.text }));
  const shares = renderShares(res);
  if (shares) box.append(shares);
  box.append(renderStress(res));

  // Recommended staffing beside the scenario's own.
  const table = el("table", { class: "grid" });
  const head = el("tr", {}, el("th", { text: t("staff.station") }));
  // A shift the planner tried: shown when the plan staffs it, marked new with its hours.
  const tried = new Map((res.tryShifts ?? []).map((x) => [x.id, x]));
  const planShifts = (res.shifts ?? s.staff.shifts.map((x) => x.id)).filter((id) => (tried.get(id)?.people ?? 1) > 0);
  const headOf = (id) => {
    const x = tried.get(id);
    return x ? `${shiftName(id)}${paren(`${t("planner.newShift")} ${x.start}-${x.end}${x.days ? `${lang() === "zh" ? "，" : ", "}${shiftDaysText(x)}` : ""}`)}` : shiftName(id);
  };
  for (const sh of planShifts) head.append(el("th", { class: "n", "data-testid": `plan-shift-${sh}`, text: `${headOf(sh)} ${t("staff.perm")}` }), el("th", { class: "n", text: `${headOf(sh)} ${t("staff.temp")}` }));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  const base = res.baseline?.plan;
  for (const st of s.stations) {
    const tr = el("tr", {}, el("td", { text: stationName(st) }));
    for (const sh of planShifts) {
      for (const tbl of ["roster", "temps"]) {
        const v = res.plan[tbl]?.[st.id]?.[sh] ?? 0;
        const b = base?.[tbl]?.[st.id]?.[sh] ?? 0;
        tr.append(el("td", { class: `n ${v > b ? "pos" : v < b ? "neg" : ""}`, text: v === b ? String(v) : `${v}${paren(`${v > b ? "+" : ""}${v - b}`)}` }));
      }
    }
    body.append(tr);
  }
  table.append(body);
  box.append(el("div", { class: "table-scroll" }, table));
  const simulated = res.evaluation?.simulatedCost?.total;
  box.append(el("p", { title: t("planner.costHint"), text: `${t("printers.count")}${colon()}${res.plan.printers} · ${t("planner.cost", { days: res.evaluation?.cost?.days ?? "–" })}${colon()}${fmtMoney(res.evaluation?.cost?.total)}${res.baseline ? paren(`${t("planner.baseline")}${colon()}${fmtMoney(res.baseline.cost.total)}`) : ""}${Number.isFinite(simulated) ? ` · ${t("planner.simulatedCost")}${colon()}${fmtMoney(simulated)}` : ""}` }));

  // The targets as judged on the recommendation.
  const checks = res.evaluation?.checks ?? [];
  if (checks.length) {
    const ct = el("table", { class: "grid" }, el("thead", {}, el("tr", {}, el("th", { text: t("planner.target") }), el("th", { class: "n", text: t("planner.estimate") }), el("th", { class: "n", text: "95% CI" }), el("th", { class: "n", title: t("planner.missedTip"), text: t("planner.missed") }), el("th", { text: "" }))));
    const cb = el("tbody");
    for (const c of checks) {
      const f = c.unit === "min" ? (x) => `${fmtNum(x, 1)} min` : (x) => fmtPct(x, 1);
      // The tail under a mean that meets: simulated days that alone missed the limit (plans stored before: –).
      const missed = c.missedRuns === undefined ? "–" : `${c.missedRuns} / ${c.replications}`;
      cb.append(el("tr", {}, el("td", { text: c.label?.[L] ?? c.key }), el("td", { class: "n", text: f(c.estimate) }), el("td", { class: "n", text: `${f(c.low)} – ${f(c.high)}` }), el("td", { class: `n ${c.missedRuns > 0 ? "neg" : ""}`, "data-testid": `plan-missed-${c.key}`, text: missed }), el("td", { class: c.status === "meets" ? "status-done" : c.status === "fails" ? "status-failed" : "status-running", text: t(`planner.${c.status}`) })));
    }
    ct.append(cb);
    box.append(el("div", { class: "table-scroll" }, ct));
  }
  box.append(renderMarginal(res));
  const notes = [...(res.notes ?? []), ...(res.bottleneck ? [res.bottleneck] : [])];
  if (notes.length) box.append(el("ul", { class: "small" }, ...notes.map((n) => el("li", { text: n[L] ?? n.en }))));
  // Scenario warnings of the scenario as given and with the plan applied (plans stored before they carried them have none).
  const warnings = res.warnings ?? [];
  if (warnings.length) {
    const ul = el("ul");
    for (const w of warnings) {
      ul.append(
        el(
          "li",
          { "data-testid": "plan-warning", dataset: { source: w.source } },
          el("span", { class: "warn-source", title: t(`planner.warnSourceTip.${w.source}`) }, t(`planner.warnSource.${w.source}`)),
          " ",
          el("code", { text: w.path }),
          `${colon()}${w[L] ?? w.en}`,
        ),
      );
    }
    box.append(el("div", { class: "validation warn", "data-testid": "plan-warnings" }, el("div", { text: t("planner.warnings") }), ul));
  }
  const exports = el("div", { class: "row wrap" }, el("span", { class: "muted small", text: t("export.title") }));
  for (const f of ["html", "xlsx", "csv", "json"]) {
    exports.append(el("a", { class: "button secondary small", href: `/api/runs/${state.plan.id}/report?format=${f}&lang=${L}`, download: true, "data-testid": `plan-export-${f}`, text: f.toUpperCase() }));
  }
  box.append(exports);
  // Apply only onto a grid with the same stations and shifts as the plan.
  const fits = planFitsGrid(res);
  if (!fits) box.append(el("p", { class: "status-failed small", text: t("planner.otherScenario") }));
  $("#plan-apply").hidden = !fits;
  renderApplyNote(res, fits);
}

/**
 * Whether the plan is for the grid's stations and shifts (the page's shifts: a shift added or removed here counts).
 * The shifts the planner tried (`tryShifts`) are left out of the comparison: applying adds those it staffs.
 */
function planFitsGrid(res) {
  const s = state.base?.scenario;
  if (!s || !state.grid || !res?.stations || !res?.shifts) return false;
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const tried = new Set((res.tryShifts ?? []).map((x) => x.id));
  const own = (ids) => ids.filter((id) => !tried.has(id));
  return same(res.stations, s.stations.map((x) => x.id)) && same(own(res.shifts), own(state.grid.shifts.map((x) => x.id)));
}

/** Puts the recommended staffing and printers into the grid (as changes from the scenario). */
function applyPlan() {
  const res = state.plan?.result;
  const s = state.base?.scenario;
  if (!res?.plan || !s || !state.grid || !planFitsGrid(res)) return;
  // A tried shift the plan staffs joins the grid's shifts (with its days and breaks); one it leaves empty, added
  // by an earlier Apply, goes.
  for (const sh of res.tryShifts ?? []) {
    const have = state.grid.shifts.find((x) => x.id === sh.id);
    if (sh.people > 0 && !have) {
      const { people: _people, ...shift } = sh;
      state.grid.shifts.push(shift);
      for (const table of ["roster", "temps"]) for (const row of Object.values(state.grid[table])) row[sh.id] = 0;
    } else if (sh.people === 0 && have && !have.from && state.grid.shifts.length > 1) {
      state.grid.shifts = state.grid.shifts.filter((x) => x !== have);
      for (const table of ["roster", "temps"]) for (const row of Object.values(state.grid[table])) delete row[sh.id];
    }
  }
  for (const st of s.stations) {
    for (const sh of state.grid.shifts) {
      state.grid.roster[st.id][sh.id] = res.plan.roster?.[st.id]?.[sh.id] ?? 0;
      state.grid.temps[st.id][sh.id] = res.plan.temps?.[st.id]?.[sh.id] ?? 0;
    }
  }
  if (Number.isInteger(res.plan.printers)) state.grid.printers.count = res.plan.printers;
  renderInputs();
  say("#plan-status", () => t("planner.applied"));
}

// ------------------------------------------------------------------ tabs, language, start

function switchTab(name) {
  for (const b of document.querySelectorAll(".tabs button")) {
    b.classList.toggle("active", b.dataset.tab === name);
    b.setAttribute("aria-selected", String(b.dataset.tab === name));
  }
  for (const tab of document.querySelectorAll(".tab")) tab.hidden = tab.id !== `tab-${name}`;
  if (name === "history") refreshHistory();
  if (name === "planner" && !state.plan) loadLastPlan();
}

/** Shows the newest finished plan (after a reload the last recommendation is still there). */
async function loadLastPlan() {
  try {
    const [last] = await api("GET", "/api/runs?kind=plan&limit=1");
    if (last?.status === "done") {
      state.plan = await api("GET", `/api/runs/${last.id}`);
      renderPlan();
    } else if (last && ["queued", "running"].includes(last.status)) followPlan(last.id);
  } catch {
    /* nothing to show */
  }
}

function rerenderAll() {
  applyI18n();
  resay();
  validationView?.draw();
  reaskIssues();
  renderScenarioInfo();
  renderInputs();
  if (state.run) renderResults();
  renderHistory();
  renderCompare();
  if (state.plan) renderPlan();
  const sel = $("#scenario-select");
  for (const o of sel.options) {
    const s = state.library.find((x) => x.id === o.value);
    if (s) o.textContent = libraryLabel(s);
  }
}

async function main() {
  setLang(defaultLang());
  applyI18n();
  $("#lang-toggle").addEventListener("click", () => {
    setLang(lang() === "zh" ? "en" : "zh");
    rerenderAll();
  });
  for (const b of document.querySelectorAll(".tabs button")) b.addEventListener("click", () => switchTab(b.dataset.tab));
  $("#scenario-select").addEventListener("change", (e) => e.target.value && selectScenario(e.target.value).catch((err) => showIssues(errorWords(err, { what: "scenario", id: e.target.value }), err.issues, false, undefined, err.lang)));
  $("#scenario-file").addEventListener("change", (e) => e.target.files[0] && upload(e.target.files[0]));
  $("#validate").addEventListener("click", validateText);
  $("#save-as").addEventListener("click", saveAs);
  $("#run").addEventListener("click", startRun);
  $("#cancel").addEventListener("click", cancelRun);
  $("#compare").addEventListener("click", () => compare());
  $("#compare-swap").addEventListener("click", swapCompare);
  $("#plan").addEventListener("click", startPlan);
  $("#plan-apply").addEventListener("click", applyPlan);
  $("#shift-add").addEventListener("click", addShift);
  for (const id of ["#shift-new-id", "#shift-new-start", "#shift-new-end"]) {
    $(id).addEventListener("input", renderNewShiftProblems);
    $(id).addEventListener("keydown", (e) => e.key === "Enter" && !e.isComposing && addShift());
  }
  for (const [id, key] of [["#demand-baseline", "baselinePerDay"], ["#demand-surge", "surge"]]) {
    $(id).addEventListener("input", (e) => {
      if (e.target.checkValidity() && e.target.value !== "" && state.grid) state.grid.demand[key] = Number(e.target.value);
      updateChanges();
    });
  }
  $("#printers-count").addEventListener("input", (e) => {
    if (e.target.checkValidity() && e.target.value !== "") state.grid.printers.count = Number(e.target.value);
    updateChanges();
  });
  $("#printers-spares").addEventListener("input", (e) => {
    if (e.target.checkValidity() && e.target.value !== "") state.grid.printers.spares = Number(e.target.value);
    updateChanges();
  });
  $("#printers-technician").addEventListener("change", (e) => {
    state.grid.printers.technicianOnSite = e.target.checked;
    updateChanges();
  });
  for (const id of ["#replications", "#seed", "#wi-printer", "#wi-order-system", "#wi-courier", "#wi-forecast", "#wi-printer-at", "#wi-printer-hours", "#wi-courier-id", "#wi-courier-cap", "#wi-outage", "#wi-outage-type", "#wi-outage-at", "#wi-outage-hours", "#wi-record", "#wi-record-id", "#wi-record-hours", "#wi-returns", "#wi-returns-pct", "#wi-returns-station", "#wi-returns-priority", "#wi-returns-until"]) {
    $(id).addEventListener("input", updateChanges);
    $(id).addEventListener("change", updateChanges);
  }
  try {
    const info = await api("GET", "/api/info");
    // Its limits word some refusals on the page (too many runs at once, a body too large).
    state.info = info;
    $("#replications").max = String(info.maxReplications);
  } catch {
    /* older server: no limits shown */
  }
  const id = await loadLibrary();
  if (id) await selectScenario(id);
  await refreshHistory();
  // After a reload: follow the newest run if it is still computing, else show it.
  const newest = state.history[0];
  if (newest && ["queued", "running"].includes(newest.status)) followRun(newest.id);
  else if (newest?.status === "done") await openRun(newest.id).catch(() => {});
  document.body.dataset.ready = "true";
}

main().catch((e) => showIssues(errorWords(e), e.issues, false, undefined, e.lang));
