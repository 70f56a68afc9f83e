#!/usr/bin/env node
// Reference citations from citeproc-js, for tests/test_conformance.py.
//
// Formats every item of items.json with citeproc-js (the `citeproc` npm package pinned in
// tests/js/package.json) in each built-in style (theme/csl/<style>.csl) and in text and
// HTML, and writes reference/<style>.<format>.json = {id: bibliography entry}, keys sorted.
// citeproc-js reads the same style files and the same locale files (locales/, byte copies
// of citeproc-py's own) that citeproc-py reads through showcase.
//
// Usage, from the repository root or anywhere: node tests/conformance/make_references.js
// (needs `npm ci --prefix tests/js` first). The output depends only on these inputs.
// For other items (held-out ones, say): --items FILE.json --out DIR writes DIR/<style>.
// <format>.json for them instead; tests/conformance/compare.py then compares showcase.
//
// Input normalisation (the one change made to items.json before citeproc-js sees it):
//   - DOI: stored bare, as CSL defines the variable (`doi:10.1/x`, `DOI 10.1/x`,
//     `https://doi.org/10.1/x` and `http://dx.doi.org/10.1/x` become `10.1/x`). A URL that
//     is a doi.org address is that DOI (the URL is dropped when the DOI is the same). The
//     reference is then what a pasted DOI should turn into, and the test shows whether
//     showcase turns it into that.
// Output normalisation (the only changes made to what citeproc-js produced):
//   - the outer `<div class="csl-entry">…</div>` of each HTML entry is removed;
//   - in a style whose bibliography prints the citation number, the number is removed
//     (HTML: the `csl-left-margin` block and the `csl-right-inline` wrapper; text: the
//     leading `1. ` or `[1] `), because showcase's lists are not numbered;
//   - leading and trailing white space (citeproc-js ends each entry with a line break).

"use strict";

const fs = require("fs");
const path = require("path");

const HERE = __dirname;
const ROOT = path.resolve(HERE, "..", "..");
const CSL = require(path.join(ROOT, "tests", "js", "node_modules", "citeproc"));

const STYLES = ["medic-vancouver", "apa", "harvard-cite-them-right"];
const FORMATS = ["text", "html"];
const LOCALE = "en-GB";
const DOI_URL = /^\s*https?:\/\/(?:dx\.|www\.)?doi\.org\//i;
const DOI_ADDRESS = /^(?:\s*(?:doi(?::|\s)\s*|https?:\/\/(?:dx\.|www\.)?doi\.org\/))+/i;

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : path.resolve(process.argv[at + 1]);
}

function readItems(file) {
  const items = JSON.parse(fs.readFileSync(file, "utf8"));
  const byId = {};
  for (const item of items) {
    const copy = JSON.parse(JSON.stringify(item));
    if (copy.DOI) {
      copy.DOI = copy.DOI.replace(DOI_ADDRESS, "").trim();
    }
    if (copy.URL && DOI_URL.test(copy.URL)) {
      const doi = copy.URL.replace(DOI_ADDRESS, "").trim();
      copy.DOI = copy.DOI || doi;
      if (copy.DOI === doi) {
        delete copy.URL;
      }
    }
    byId[copy.id] = copy;
  }
  return byId;
}

function retrieveLocale(lang) {
  const file = path.join(HERE, "locales", `locales-${lang}.xml`);
  // Only the locales citeproc-py would read (en-GB, then en-US) are there; for any other
  // name citeproc-js falls back to those, as citeproc-py does.
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
}

function printsCitationNumber(styleXml) {
  const bibliography = styleXml.split("<bibliography")[1] || "";
  return /variable="citation-number"/.test(bibliography);
}

function stripEntry(entry, format, numbered) {
  let text = entry.trim();
  if (format === "html") {
    text = text.replace(/^<div class="csl-entry">([\s\S]*)<\/div>$/, "$1").trim();
    if (numbered) {
      text = text.replace(/^<div class="csl-left-margin">[\s\S]*?<\/div>/, "")
        .replace(/^<div class="csl-right-inline">([\s\S]*)<\/div>$/, "$1").trim();
    }
  } else if (numbered) {
    text = text.replace(/^\[?\d+\]?\.?\s*/, "");
  }
  return text;
}

function bibliography(styleXml, itemsById, format) {
  const engine = new CSL.Engine({
    retrieveLocale,
    retrieveItem: (id) => itemsById[id],
  }, styleXml, LOCALE, true);
  engine.setOutputFormat(format);
  const ids = Object.keys(itemsById).sort();
  engine.updateItems(ids);
  const [params, entries] = engine.makeBibliography();
  // Error code 1 is "no rendered form": the style prints nothing for the item (APA has no
  // reference-list entry for an interview with no recording). That is the reference: "".
  const errors = params.bibliography_errors || [];
  const fatal = errors.filter((error) => error.error_code !== CSL.ERROR_NO_RENDERED_FORM);
  if (fatal.length) {
    throw new Error(`citeproc-js: ${JSON.stringify(fatal)}`);
  }
  const numbered = printsCitationNumber(styleXml);
  const result = {};
  const empty = new Set(errors.map((error) => error.itemID));
  const printed = params.entry_ids.filter((entryIds) => !empty.has(entryIds[0]));
  printed.forEach((entryIds, n) => {
    result[entryIds[0]] = stripEntry(entries[n], format, numbered);
  });
  for (const id of empty) {
    result[id] = "";
  }
  return result;
}

function sortedJson(object) {
  const sorted = {};
  for (const key of Object.keys(object).sort()) {
    sorted[key] = object[key];
  }
  return JSON.stringify(sorted, null, 2) + "\n";
}

function main() {
  const itemsById = readItems(option("--items", path.join(HERE, "items.json")));
  const out = option("--out", path.join(HERE, "reference"));
  fs.mkdirSync(out, { recursive: true });
  for (const style of STYLES) {
    const styleXml = fs.readFileSync(path.join(ROOT, "theme", "csl", `${style}.csl`), "utf8");
    for (const format of FORMATS) {
      const result = bibliography(styleXml, itemsById, format);
      const missing = Object.keys(itemsById).filter((id) => !(id in result));
      if (missing.length) {
        throw new Error(`${style} ${format}: no entry for ${missing.join(", ")}`);
      }
      fs.writeFileSync(path.join(out, `${style}.${format}.json`), sortedJson(result));
    }
  }
}

main();
