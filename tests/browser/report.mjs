// Walks through a seam HTML report in Debian's Chromium the way a reader would, and checks it:
//   node tests/browser/report.mjs REPORT.html OUTDIR [--large]
// - no console errors, no failed or refused loads, every section rendered, verdicts present;
// - sorting (a header button), filtering (with its row count), the global search (counts, and
//   clearing it restores the cards that were open), hotspot tabs, opening a module card from a
//   link, the matrix's expand buttons (aria-expanded);
// - print to PDF (every card open while printing), screenshots of the first screen, the map,
//   the matrix and one module card;
// - axe-core (WCAG 2 A/AA rules): no serious or critical violation;
// - the time from navigation to the load event (render time).
// Prints one JSON object with what it measured; exits 1 listing every failed check.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { readFileSync, mkdirSync, existsSync } from "node:fs";
import { resolve, join, delimiter } from "node:path";

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
// --quick-axe: leave out axe's colour-contrast rule (minutes on a page of 10^5 nodes; the
// example's page, which has every kind of element, checks it)
const quickAxe = args.includes("--quick-axe");
const [file, outdir = "."] = args.filter((a) => !a.startsWith("--"));
if (!file) {
  console.error("usage: node report.mjs REPORT.html OUTDIR");
  process.exit(2);
}
mkdirSync(outdir, { recursive: true });
const failures = [];
const check = (ok, what) => { if (!ok) { failures.push(what); } };
// where the time goes (stderr): SEAM_WALK_TIMING=1
const started = Date.now();
const phase = (name) => { if (process.env.SEAM_WALK_TIMING) { console.error(`${Date.now() - started} ms: ${name}`); } };

// SEAM_CHROMIUM: a path, or a name looked up on PATH
const named = process.env.SEAM_CHROMIUM || "chromium";
const executablePath = named.includes("/")
  ? named
  : (process.env.PATH || "").split(delimiter).map((d) => join(d, named)).find((p) => existsSync(p)) || named;
const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const problems = [];
page.on("console", (m) => { if (m.type() === "error") { problems.push(`console: ${m.text()}`); } });
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));

const url = "file://" + resolve(file);
await page.goto(url, { waitUntil: "load" });
const timing = await page.evaluate(() => {
  const [nav] = performance.getEntriesByType("navigation");
  return { load_ms: Math.round(nav.loadEventStart), dom_ms: Math.round(nav.domContentLoadedEventEnd) };
});
check(await page.getAttribute("html", "data-ready") === "true", "the script ran (data-ready)");
check(!(await page.getAttribute("html", "data-js-errors")), "no JavaScript errors");

const sections = await page.$$eval("main > section", (s) => s.map((e) => e.id));
for (const id of ["summary", "map", "dsm", "hotspots", "cycles", "data", "history", "modules", "glossary"]) {
  check(sections.includes(id), `section ${id}`);
}
const verdicts = await page.$$eval("ul.verdicts > li", (l) => l.map((e) => e.textContent.trim()));
check(verdicts.length >= 3, `at least 3 verdicts on the first screen (${verdicts.length})`);
check(verdicts.some((v) => /modules form (one tangle|a cycle)|No cycles between modules/.test(v)), "a verdict on cycles");
check(verdicts.some((v) => /propagation cost/.test(v)), "a verdict on propagation cost");

phase("loaded");
// sorting: the "code lines" header of the module table, descending on the second click
const table = "#module-table";
const firstName = () => page.$eval(`${table} tbody tr:not([style*="none"]) td`, (td) => td.textContent.trim());
const sortButton = page.locator(`${table} thead th button.sort`).nth(3);
await sortButton.click();
await sortButton.click();
check(await page.$eval(`${table} thead th:nth-child(4)`, (th) => th.getAttribute("aria-sort")) === "descending", "sorting sets aria-sort");
const lines = await page.$$eval(`${table} tbody tr`, (rows) => rows.map((r) => parseFloat(r.cells[3].textContent.replace(/,/g, ""))));
check(lines.every((v, i) => i === 0 || lines[i - 1] >= v), "sorted by code lines, largest first");
const largest = await firstName();
// keyboard: the header button is reachable and works with Enter
await sortButton.focus();
await page.keyboard.press("Enter");
check(await page.$eval(`${table} thead th:nth-child(4)`, (th) => th.getAttribute("aria-sort")) === "ascending", "sorting from the keyboard");

phase("sorted");
// filtering one table, with its count
await page.fill(`input.filter[data-table="module-table"]`, largest);
const countText = await page.textContent(`[data-count-of="module-table"]`);
check(/ of \d+ rows/.test(countText), `the filter shows a count (${countText})`);
await page.fill(`input.filter[data-table="module-table"]`, "");

phase("filtered");
// global search: a count, cards open only on a specific search, clearing restores
const openCards = () => page.$$eval("details.module", (d) => d.filter((x) => x.open).length);
check(await openCards() === 0, "cards start closed");
await page.fill("#search", largest.slice(0, 1));
check(await openCards() === 0, "one character opens no card");
await page.fill("#search", largest);
const searchCount = await page.textContent("#search-count");
check(/\d+ match/.test(searchCount), `the search shows a count (${searchCount})`);
check(await openCards() >= 1, "a specific search opens the matching card");
await page.fill("#search", "");
check(await openCards() === 0, "clearing the search restores the cards");
check(await page.$$eval(".hidden-by-search", (h) => h.length) === 0, "clearing the search shows everything");

phase("searched");
// a module link opens its card
const link = page.locator(`${table} tbody tr td a`).first();
const target = (await link.getAttribute("href")).slice(1);
await link.click();
check(await page.$eval(`[id="${target}"]`, (d) => d.open), "a module link opens its card");
await page.$eval(`[id="${target}"]`, (d) => d.scrollIntoView());
await page.locator(`[id="${target}"]`).screenshot({ path: `${outdir}/card.png` });

phase("card");
// hotspot tabs
const tabs = page.locator("#hotspots [role=tab]");
if (await tabs.count() > 1) {
  await tabs.nth(1).click();
  const visible = await page.$$eval("#hotspots .tab-panel", (p) => p.filter((x) => !x.hidden).length);
  check(visible === 1, "one hotspot tab panel at a time");
  check(await tabs.nth(1).getAttribute("aria-selected") === "true", "the clicked tab is selected");
}

// the matrix's expand buttons
const expand = page.locator("button.expand").first();
if (await expand.count()) {
  await expand.click();
  check(await expand.getAttribute("aria-expanded") === "true", "matrix expand sets aria-expanded");
  await expand.click();
}

phase("tabs+expand");
// screenshots: the first screen, the map, the matrix
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: `${outdir}/overview.png` });
for (const id of ["map", "dsm"]) {
  const section = page.locator(`section#${id}`);
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: `${outdir}/${id}.png` });
}

phase("screenshots");
// print to PDF (Chromium emulates print media; the report opens every card before printing)
await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
await page.emulateMedia({ media: "print" });
const printedOpen = await page.$$eval("details.module", (d) => d.every((x) => x.open));
check(printedOpen, "every module card is open while printing");
const searchHidden = await page.$eval("#search", (s) => getComputedStyle(s).display === "none");
check(searchHidden, "the search box is not printed");
const pdf = await page.pdf({ path: `${outdir}/report.pdf`, format: "A4", printBackground: true });
check(pdf.length > 10000, "a PDF was printed");
await page.emulateMedia({ media: "screen" });
await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));

phase("pdf");
// accessibility: axe-core, WCAG 2 A and AA rules
await page.addScriptTag({ content: readFileSync(require.resolve("axe-core/axe.min.js"), "utf8") });
const axe = await page.evaluate(async (quick) =>
  // eslint-disable-next-line no-undef
  await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"], rules: quick ? { "color-contrast": { enabled: false } } : {} })
, quickAxe);
const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
for (const v of serious) {
  check(false, `axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0] && v.nodes[0].target.join(" ")})`);
}
check(problems.length === 0, `no console errors or failed loads: ${problems.join("; ")}`);
await browser.close();

phase("axe");
const result = {
  load_ms: timing.load_ms,
  dom_ms: timing.dom_ms,
  bytes: readFileSync(file).length,
  sections: sections.length,
  verdicts,
  axe_violations: axe.violations.map((v) => `${v.impact} ${v.id} (${v.nodes.length})`),
  failures,
};
console.log(JSON.stringify(result, null, 1));
process.exit(failures.length ? 1 : 0);
