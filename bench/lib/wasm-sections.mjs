// A small reader of WebAssembly binaries, enough to say what a module's bytes are made of:
// the size of each section, and (when the module still has its `name` section, as cargo's output
// before wasm-bindgen and wasm-opt does) the size of every function body by the crate it comes
// from. No dependencies; twiggy would do more, but is not installed and not needed.

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'];

function reader(bytes) {
  let pos = 0;
  const r = {
    get pos() {
      return pos;
    },
    set pos(p) {
      pos = p;
    },
    byte: () => bytes[pos++],
    u32() {
      let result = 0;
      let shift = 0;
      for (;;) {
        const b = bytes[pos++];
        result += (b & 0x7f) * 2 ** shift;
        if ((b & 0x80) === 0) return result;
        shift += 7;
      }
    },
    name() {
      const len = r.u32();
      const s = new TextDecoder().decode(bytes.subarray(pos, pos + len));
      pos += len;
      return s;
    },
  };
  return r;
}

/**
 * `{ sections: [{ id, name, start, size }], functions: [{ index, size, name }] }`: every section
 * (custom ones by their own name) with its payload's offset and size, and every defined function's body size
 * with its name when the module has a `name` section.
 */
export function readWasm(bytes) {
  const r = reader(bytes);
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error('not a wasm module');
  }
  r.pos = 8;
  const sections = [];
  const bodies = [];
  const names = new Map();
  let importedFunctions = 0;
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    const end = start + size;
    let name = SECTION_NAMES[id] ?? `unknown-${id}`;
    if (id === 0) {
      name = r.name();
      if (name === 'name') readNames(r, end, names);
    } else if (id === 2) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        r.name();
        r.name();
        const kind = r.byte();
        if (kind === 0) {
          r.u32();
          importedFunctions++;
        } else if (kind === 1) {
          r.byte();
          limits(r);
        } else if (kind === 2) {
          limits(r);
        } else if (kind === 3) {
          r.byte();
          r.byte();
        } else if (kind === 4) {
          r.byte();
          r.u32();
        }
      }
    } else if (id === 10) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const len = r.u32();
        bodies.push({ index: importedFunctions + i, size: len });
        r.pos += len;
      }
    }
    // `start`/`size`: the payload (for a custom section, its name included).
    sections.push({ id, name, start, size });
    r.pos = end;
  }
  const functions = bodies.map((b) => ({ ...b, name: names.get(b.index) ?? null }));
  return { sections, functions };
}

function limits(r) {
  const flags = r.byte();
  r.u32();
  if (flags & 1) r.u32();
}

function readNames(r, end, names) {
  while (r.pos < end) {
    const sub = r.byte();
    const size = r.u32();
    const next = r.pos + size;
    if (sub === 1) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const index = r.u32();
        names.set(index, r.name());
      }
    }
    r.pos = next;
  }
}

/**
 * The crate a mangled Rust symbol belongs to: legacy (`_ZN4core3fmt5write17h…E` → `core`) or v0
 * (`_RNvNtCs…_4core3fmt5write` → `core`); for `<X as Trait>::f`, X's crate when X is a path
 * (`<yew::…::Foo as …>` → `yew`), else the trait's (`<&T as core::fmt::Display>` → `core`).
 * Generic code counts where its symbol says, not where it was instantiated from. wasm-bindgen's
 * `__wbindgen_describe_*` functions run at build time and are removed by wasm-bindgen.
 */
export function crateOf(symbol) {
  if (!symbol) return '(unnamed)';
  if (symbol.startsWith('__wbindgen_describe')) return '(wasm-bindgen descriptors)';
  if (symbol.startsWith('_R')) {
    const m = /C(?:s[0-9A-Za-z]*_)?(\d+)/.exec(symbol);
    if (!m) return '(other)';
    const at = m.index + m[0].length;
    return symbol.slice(at, at + Number(m[1]));
  }
  const legacy = /^_?_ZN(\d+)/.exec(symbol);
  if (!legacy) return '(other)';
  const at = legacy[0].length;
  const first = symbol
    .slice(at, at + Number(legacy[1]))
    .replace(/^_\$/, '$')
    .replace(/\$LT\$/g, '<')
    .replace(/\$GT\$/g, '>')
    .replace(/\$RF\$/g, '&')
    .replace(/\$BP\$/g, '*')
    .replace(/\$u20\$/g, ' ')
    .replace(/\$u5b\$/g, '[')
    .replace(/\$u5d\$/g, ']')
    .replace(/\$C\$/g, ',')
    .replace(/\.\./g, '::');
  const impl = /^<(.*?) as ([^<>]*)/.exec(first);
  const path = impl ? (/^[&*\[]*(?:mut )?([a-z_][a-z0-9_]*)::/.exec(impl[1]) ?? /^([a-z_][a-z0-9_]*)::/.exec(impl[2])) : /^([A-Za-z_][A-Za-z0-9_]*)/.exec(first);
  return path ? path[1] : '(other)';
}

/** Sums function body sizes by crate, largest first: `[{ crate, size, functions }]`. */
export function sizeByCrate(functions) {
  const by = new Map();
  for (const f of functions) {
    const c = crateOf(f.name);
    const e = by.get(c) ?? { crate: c, size: 0, functions: 0 };
    e.size += f.size;
    e.functions += 1;
    by.set(c, e);
  }
  return [...by.values()].sort((a, b) => b.size - a.size);
}
