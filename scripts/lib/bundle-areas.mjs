// scripts/bundle-top's report: twiggy's items (CSV of `twiggy top` and `twiggy top --retained`
// on a wasm with v0 symbol names) as a top list, then summed by crate and by area of the app.
//
//   node scripts/lib/bundle-areas.mjs TOP.csv RETAINED.csv [N]
import { readFileSync } from 'node:fs';

const [topCsv, retainedCsv, count = '40'] = process.argv.slice(2);

/** The rows of twiggy's CSV: `Name,ShallowSize,…,RetainedSize,…` with "" quoting. */
function rows(file) {
  const out = [];
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    const m = /^("(?:[^"]|"")*"|[^,]*),(\d+),[^,]*,(\d*),/.exec(line);
    if (!m) continue;
    const name = m[1].startsWith('"') ? m[1].slice(1, -1).replaceAll('""', '"') : m[1];
    if (/subsection"?$/.test(name) || name.startsWith('Σ') || name.endsWith('more.')) continue;
    out.push({ name, shallow: Number(m[2]), retained: Number(m[3] || 0) });
  }
  return out;
}

// Crate hashes (`yew[b9bd3feecd1e517]`) say nothing to a reader.
const clean = (name) =>
  name
    .replace(/\[[0-9a-f]+\]/g, '')
    .replace(/^<yew::html::component::lifecycle::CompStateInner<(.*)> as yew::html::component::lifecycle::Stateful>::view$/, 'view of $1');

const items = rows(topCsv);
const retained = new Map(rows(retainedCsv).map((r) => [r.name, r.retained]));
const total = items.reduce((t, r) => t + r.shallow, 0);
const n = (x) => x.toLocaleString('en-US');

console.log(`The ${count} biggest items (shallow B, retained B; ${n(total)} B in all, names excluded):`);
for (const r of items.slice(0, Number(count))) {
  console.log(`${n(r.shallow).padStart(8)} ${n(retained.get(r.name) ?? r.shallow).padStart(8)}  ${clean(r.name).slice(0, 160)}`);
}

// The first of our crates' paths in a name decides (a Yew view or a closure counts where its
// component or function lives); otherwise the crate the name starts with.
function crateOf(name) {
  if (name.startsWith('data segment')) return '(data segments: text and tables)';
  const ours = /handshake_\w+/.exec(clean(name));
  if (ours) return ours[0];
  const m = /^<?&?(?:mut )?(?:dyn )?([a-z_0-9]+)::/.exec(clean(name));
  return m ? m[1] : '(other)';
}

// Areas of the app, by the module a name belongs to (issues 11 to 14 and the rest).
const AREAS = [
  ['issue 11: classroom (share links, exports, import, embed, offline)', /handshake_web::export|handshake_export::|handshake_core::link|^<?miniz_oxide|components::(share_menu|embed_bar|drop_zone|update_prompt)|handshake_web::import/],
  ['issue 12: learning (lessons, questions, glossary, state diagram)', /handshake_explain::(lessons|questions|arcs|glossary|fact)|components::(learn_panel|quiz_card|lesson_cards|state_diagram|lit_style)|handshake_web::(lab::learn|learn_text|learn_store)/],
  ['issue 13: why TCP (forks, comparison, broken TCP)', /components::(why_panel|compare_view|broken_tcp)|handshake_web::lab::why|handshake_explain::compare|handshake_core::fork/],
  ['issue 14: captures (reader, observer, capture view, profile switch)', /components::(capture_view|trace_ladder|profile_switch)|handshake_web::(capture|replay)|handshake_capture|handshake_core::observer/],
];
function areaOf(name) {
  if (name.startsWith('data segment')) return '(data segments: text and tables)';
  const c = clean(name);
  const ours = /handshake_\w+(::[a-z_0-9]+)*/.exec(c);
  const key = ours ? ours[0] : c;
  for (const [area, re] of AREAS) if (re.test(key) || re.test(c)) return area;
  return ours ? 'the rest of ours: lab, ladder, stage, narration, core, scenarios' : 'libraries: yew, core/alloc/std, serde_json, wasm-bindgen, …';
}

for (const [title, keyOf] of [
  ['By crate', crateOf],
  ['By area (first of our paths in the name)', areaOf],
]) {
  const sums = new Map();
  for (const r of items) {
    const k = keyOf(r.name);
    const e = sums.get(k) ?? { bytes: 0, items: 0 };
    e.bytes += r.shallow;
    e.items += 1;
    sums.set(k, e);
  }
  console.log(`\n${title} (shallow B, share, items):`);
  for (const [k, e] of [...sums].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 24)) {
    console.log(`${n(e.bytes).padStart(9)} ${((100 * e.bytes) / total).toFixed(1).padStart(5)} % ${String(e.items).padStart(5)}  ${k}`);
  }
}
