// What the editor at /admin/ needs besides Decap CMS itself (decap-cms/decap-cms.js, which
// starts on its own and reads config.yml next to this page).
//
// Decap edits a file as one object of fields; many content files are a YAML list at their
// top (people.yaml, partners.yaml, …). The format "yaml-list" reads such a file as one field,
// "entries", that holds the list, and writes the list back. The configuration names it for
// those files (format: yaml-list, one list field named entries).
//
// YAML is read by the core schema of YAML 1.2 (js-yaml/js-yaml.min.js): a date such as
// 2026-05-15 stays the text the date widget shows and is written back as it was, unquoted,
// not as a JavaScript Date written as a timestamp. Comments in such a file are not kept.
"use strict";

CMS.registerCustomFormat("yaml-list", "yaml", {
  fromFile: (text) => ({ entries: jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }) ?? [] }),
  toFile: (data) =>
    jsyaml.dump(data.entries ?? [], { schema: jsyaml.CORE_SCHEMA, lineWidth: -1 }),
});
