// `node bench/lib/update-docs.mjs DOC TABLE`: puts TABLE (scripts/bench-browser's Markdown) into
// DOC's "## Browser" section, between the markers below, and leaves everything else as it is —
// other sections, and any notes in the Browser section outside the markers. Without markers, the
// section's body is replaced by them (and the section is added at the end if there is none).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

const [doc, table] = process.argv.slice(2);
if (!doc || !table) {
  console.error('usage: node bench/lib/update-docs.mjs DOC TABLE');
  process.exit(2);
}
const BEGIN = '<!-- bench-browser:begin (written by scripts/bench-browser; edit outside the markers) -->';
const END = '<!-- bench-browser:end -->';
const block = `${BEGIN}\n\n${readFileSync(table, 'utf8').trim()}\n\n${END}`;

let text = readFileSync(doc, 'utf8');
const begin = text.indexOf(BEGIN.slice(0, '<!-- bench-browser:begin'.length));
const end = text.indexOf(END);
if (begin >= 0 && end > begin) {
  text = text.slice(0, begin) + block + text.slice(end + END.length);
} else {
  const heading = /^## Browser[^\n]*\n/m.exec(text);
  if (!heading) {
    text = `${text.trimEnd()}\n\n## Browser\n\n${block}\n`;
  } else {
    const bodyStart = heading.index + heading[0].length;
    const next = text.slice(bodyStart).search(/^## /m);
    const bodyEnd = next < 0 ? text.length : bodyStart + next;
    text = `${text.slice(0, bodyStart)}\n${block}\n${next < 0 ? '' : '\n'}${text.slice(bodyEnd)}`;
  }
}
const tmp = `${doc}.tmp-${process.pid}`;
writeFileSync(tmp, text);
renameSync(tmp, doc);
