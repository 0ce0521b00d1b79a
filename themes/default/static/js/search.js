// The search page: Pagefind's index (alliancegen.search), searched while typing.
//
// Everything shown is built as elements with text; HTML is parsed only from Pagefind's
// excerpts, in a document that runs and loads nothing, and only its <mark> elements (the
// words found) are kept as elements. Texts come from the form's data-* attributes, so that a
// theme says them in its language. The query and the filters chosen are kept in the address,
// so that a search can be bookmarked, shared and reloaded.

const PAGE_SIZE = 20;
const form = document.querySelector("form.search");
const input = form.querySelector("input[type=search]");
const filterBox = form.querySelector(".search-filters");
const status = document.querySelector(".search-status");
const list = document.querySelector(".search-results");
const fallback = document.querySelector(".search-fallback");
const text = form.dataset;
let pagefind;
let shown = [];

// The excerpt's text, with Pagefind's <mark> elements and nothing else.
function excerpt(html) {
  const parsed = new DOMParser().parseFromString(html, "text/html").body;
  const paragraph = document.createElement("p");
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      paragraph.append(mark);
    } else {
      paragraph.append(document.createTextNode(node.textContent));
    }
  }
  return paragraph;
}

function item(data) {
  const entry = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const about = document.createElement("p");
  about.className = "meta";
  about.textContent = [...(data.filters.Inhalt || []), data.meta.alliance]
    .filter(Boolean)
    .join(" · ");
  entry.append(heading, about, excerpt(data.excerpt));
  return entry;
}

function chosenFilters() {
  const chosen = {};
  for (const select of filterBox.querySelectorAll("select")) {
    if (select.value) chosen[select.name] = select.value;
  }
  return chosen;
}

function remember(query, chosen) {
  const address = new URL(location.href);
  address.search = new URLSearchParams({ ...(query ? { q: query } : {}), ...chosen });
  history.replaceState(null, "", address);
}

function count(total) {
  if (total === 0) return text.foundNone;
  return (total === 1 ? text.foundOne : text.foundMany).replace("{count}", total);
}

async function showMore() {
  const next = shown.splice(0, PAGE_SIZE);
  const data = await Promise.all(next.map((result) => result.data()));
  list.append(...data.map(item));
  document.querySelector(".search-more")?.remove();
  if (shown.length) {
    const more = document.createElement("button");
    more.type = "button";
    more.className = "search-more";
    more.textContent = text.more;
    more.addEventListener("click", () => {
      const first = list.children.length;
      showMore().then(() => list.children[first]?.querySelector("a")?.focus());
    });
    list.after(more);
  }
}

async function run() {
  const query = input.value.trim();
  const chosen = chosenFilters();
  remember(query, chosen);
  const search = query || Object.keys(chosen).length
    ? await pagefind.debouncedSearch(query || null, { filters: chosen }, 300)
    : { results: [] };
  if (search === null) return; // a later search replaced this one
  document.querySelector(".search-more")?.remove();
  list.replaceChildren();
  shown = [...search.results];
  await showMore();
  status.textContent = query || Object.keys(chosen).length ? count(search.results.length) : "";
}

// A select for each filter with more than one value, in the order the form names them.
function addFilters(filters, wanted) {
  for (const name of text.filters.split(" ")) {
    const values = Object.keys(filters[name] || {}).sort((a, b) => a.localeCompare(b, "de"));
    if (values.length < 2) continue;
    const label = document.createElement("label");
    const select = document.createElement("select");
    select.name = name;
    select.id = `filter-${name}`;
    label.htmlFor = select.id;
    label.textContent = name;
    select.append(new Option(text.all, ""));
    for (const value of values) select.append(new Option(value, value));
    select.value = values.includes(wanted.get(name)) ? wanted.get(name) : "";
    select.addEventListener("change", run);
    const field = document.createElement("p");
    field.append(label, select);
    filterBox.append(field);
  }
}

async function start() {
  try {
    pagefind = await import(text.bundle);
    await pagefind.options({ excerptLength: 24 });
    addFilters(await pagefind.filters(), new URLSearchParams(location.search));
  } catch {
    fallback.querySelector(".search-note").hidden = true;
    status.textContent = text.failed;
    return;
  }
  form.hidden = false;
  fallback.hidden = true;
  input.value = new URLSearchParams(location.search).get("q") || "";
  input.addEventListener("input", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  if (location.search) await run();
}

start();
