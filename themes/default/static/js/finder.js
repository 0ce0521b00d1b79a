// The finder page: find an alliance by postal code or town in the site's index
// (alliancegen.finder, buendnisse/finder.json), on the site alone.
//
// Digits are a postal code ("52134 Herzogenrath" too): alliances with a code that begins
// with them, else those whose codes share the most leading digits with it (German postal
// codes are ordered by region), two at least. Letters alone are a town: every alliance whose
// town begins with them, without regard to case, accents and umlauts ("Koeln" finds "Köln").
// Everything shown is built as elements with text; texts come from the form's data-*
// attributes, so that a theme says them in its language.

const form = document.querySelector("form.finder");
const input = form.querySelector("input");
const status = document.querySelector(".search-status");
const list = document.querySelector(".finder-results");
const text = form.dataset;
const base = new URL(text.base, document.baseURI);
let alliances;

// A text of the form with its {placeholders} filled in.
function say(name, values) {
  return text[name].replace(/\{(\w+)\}/g, (whole, key) => values[key] ?? whole);
}

// A name as the finder compares it (as alliancegen.finder.town_key does).
function normal(name) {
  const spelled = name
    .normalize("NFC")
    .toLowerCase()
    .replace(/[äöüß]/g, (letter) => ({ ä: "ae", ö: "oe", ü: "ue", ß: "ss" })[letter]);
  return spelled
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function shared(code, digits) {
  let length = 0;
  while (length < digits.length && code[length] === digits[length]) length += 1;
  return length;
}

// What a query finds in ``entries``: {kind: "found" | "near" | "none", entries, prefix}.
function find(entries, query) {
  const digits = query.replace(/\D/g, "");
  if (digits) {
    const closeness = entries.map((entry) =>
      Math.max(0, ...entry.codes.split(" ").map((code) => shared(code, digits))),
    );
    const found = entries.filter((entry, at) => closeness[at] === digits.length);
    if (found.length) return { kind: "found", entries: found };
    const best = Math.max(0, ...closeness);
    if (best < 2) return { kind: "none", entries: [] };
    const near = entries.filter((entry, at) => closeness[at] === best);
    return { kind: "near", entries: near, prefix: digits.slice(0, best) };
  }
  const town = normal(query);
  const found = entries.filter((entry) => normal(entry.town).startsWith(town));
  return { kind: found.length ? "found" : "none", entries: found };
}

function item(entry) {
  const element = document.createElement("li");
  const link = document.createElement("a");
  link.href = new URL(entry.link, base).href;
  link.textContent = entry.name;
  const about = document.createElement("span");
  about.className = "meta";
  const where = entry.site ? [entry.town, say("elsewhere", { site: entry.site })] : [entry.town];
  about.textContent = `(${where.join(", ")})`;
  if (entry.site) link.rel = "noopener";
  element.append(link, " ", about);
  return element;
}

function show(query) {
  const asked = query.trim();
  if (!asked) {
    status.textContent = say("empty", {});
    list.replaceChildren();
    return;
  }
  const { kind, entries, prefix } = find(alliances, asked);
  const count = entries.length;
  const message = kind === "none" ? "foundNone" : `${kind}${count === 1 ? "One" : "Many"}`;
  status.textContent = say(message, { count, query: asked, prefix });
  list.replaceChildren(...entries.map(item));
}

async function start() {
  try {
    const response = await fetch(text.index);
    if (!response.ok) throw new Error(response.statusText);
    alliances = (await response.json()).alliances;
  } catch {
    status.textContent = text.failed;
    return;
  }
  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = input.value;
    const address = new URL(location.href);
    address.searchParams.set(input.name, query);
    history.replaceState(null, "", address);
    show(query);
  });
  const asked = new URLSearchParams(location.search).get(input.name);
  if (asked) {
    input.value = asked;
    show(asked);
  }
}

start();
