import { describe, expect, it } from 'vitest';

// The stylesheets and components as text, read from disk (Vitest hands CSS imports over empty,
// and jsdom applies no media queries): every colour is a token, every token is defined in both
// themes, and the pairs users read meet WCAG AA in both.
interface NodeFS {
  readFileSync(path: string, encoding: 'utf8'): string;
  readdirSync(path: string, options: { recursive: true }): string[];
}
declare const process: { getBuiltinModule(id: 'node:fs'): NodeFS };
const fs = process.getBuiltinModule('node:fs');
const srcDir = decodeURIComponent(import.meta.url.replace(/^file:\/\//, '').replace(/[^/]*$/, '')); // this file's folder

/** The files under src/ whose names end with one of exts, path (./a/b.css) → text. */
function sources(...exts: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of fs.readdirSync(srcDir, { recursive: true })) {
    if (!exts.some((e) => rel.endsWith(e)) || /\.test\.tsx?$/.test(rel)) continue;
    out[`./${rel}`] = fs.readFileSync(srcDir + rel, 'utf8');
  }
  return out;
}
const css = sources('.css');
const tsx = sources('.tsx');
const tokenFile = './theme.css';

/** Strips comments so a colour named in prose is not a colour used. */
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, '');
}

const rawColour =
  /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(|\b(?:white|black|red|green|blue|gray|grey|orange|yellow|purple|pink|silver)\b/gi;

/** The raw colours in a stylesheet's declarations (not selectors like `#root`). */
function rawColoursInCSS(src: string): string[] {
  const found: string[] = [];
  for (const m of stripComments(src).matchAll(/([a-z-]+)\s*:\s*([^;{}]+);/gi)) {
    for (const c of m[2]!.matchAll(rawColour)) found.push(`${m[1]}: …${c[0]}`);
  }
  return found;
}

/** Custom properties declared in a block's body, name → value. */
function declarations(body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of body.matchAll(/(--[a-z0-9-]+)\s*:\s*([^;]+);/gi)) out.set(m[1]!, m[2]!.trim());
  return out;
}

/** The light (:root) and dark (:root inside prefers-color-scheme: dark) tokens of theme.css. */
function themes(): { light: Map<string, string>; dark: Map<string, string> } {
  const src = stripComments(css[tokenFile] ?? '');
  const darkAt = src.indexOf('@media (prefers-color-scheme: dark)');
  if (darkAt < 0) throw new Error('theme.css has no dark block');
  return { light: declarations(src.slice(0, darkAt)), dark: declarations(src.slice(darkAt)) };
}

/** Parses #rgb, #rrggbb or rgb()/rgba() into 0–255 channels and alpha. */
function parseColour(v: string): { r: number; g: number; b: number; a: number } {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(v);
  if (hex) {
    let h = hex[1]!;
    if (h.length === 3) h = [...h].map((c) => c + c).join('');
    return { r: parseInt(h.slice(0, 2), 16), g: parseInt(h.slice(2, 4), 16), b: parseInt(h.slice(4, 6), 16), a: 1 };
  }
  const rgb = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(v);
  if (rgb) return { r: +rgb[1]!, g: +rgb[2]!, b: +rgb[3]!, a: rgb[4] === undefined ? 1 : +rgb[4] };
  throw new Error(`not a colour: ${v}`);
}

/** WCAG 2 relative luminance. */
function luminance(v: string): number {
  const { r, g, b } = parseColour(v);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2 contrast ratio of two opaque colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// Text pairs (foreground token, background token) that must reach 4.5:1, and non-text pairs
// (focus rings, control borders against what they sit on) that must reach 3:1.
const textPairs: [string, string][] = [
  ['--fg', '--bg'],
  ['--fg', '--surface'],
  ['--fg', '--surface-2'],
  ['--fg', '--selected'],
  ['--fg', '--input-bg'],
  ['--muted', '--bg'],
  ['--muted', '--surface'],
  ['--muted', '--input-bg'],
  ['--link', '--surface'],
  ['--link', '--bg'],
  ['--accent-fg', '--accent'],
  ['--accent-fg', '--accent-hover'],
  ['--danger-fg', '--danger'],
  ['--danger-text', '--bg'],
  ['--danger-text', '--surface'],
  ['--ok-fg', '--ok-bg'],
  ['--bad-fg', '--bad-bg'],
  ['--warn-fg', '--warn-bg'],
  ['--info-fg', '--info-bg'],
  ['--ok-fg', '--surface'],
  ['--warn-fg', '--surface'],
  ['--band-prod-fg', '--band-prod-bg'],
  ['--sidebar-fg', '--sidebar-bg'],
  ['--sidebar-fg', '--sidebar-hover'],
  ['--sidebar-muted', '--sidebar-bg'],
];
const uiPairs: [string, string][] = [
  ['--focus', '--bg'],
  ['--focus', '--surface'],
  ['--line-strong', '--input-bg'],
  ['--accent', '--bg'],
];

describe('theme tokens', () => {
  it('defines the same tokens in light and dark', () => {
    const { light, dark } = themes();
    expect(light.size).toBeGreaterThan(20);
    expect([...dark.keys()].sort()).toEqual([...light.keys()].sort());
  });

  for (const [name, min, pairs] of [
    ['text', 4.5, textPairs],
    ['controls and focus rings', 3, uiPairs],
  ] as const) {
    for (const theme of ['light', 'dark'] as const) {
      it(`${name} reach ${min}:1 in the ${theme} theme`, () => {
        const tokens = themes()[theme];
        const low: string[] = [];
        for (const [fg, bg] of pairs) {
          const f = tokens.get(fg);
          const b = tokens.get(bg);
          if (!f || !b) throw new Error(`${theme}: ${fg} or ${bg} undefined`);
          const ratio = contrast(f, b);
          if (ratio < min) low.push(`${fg} on ${bg}: ${ratio.toFixed(2)}`);
        }
        expect(low).toEqual([]);
      });
    }
  }

  it('computes contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrast('#fff', 'rgb(255, 255, 255)')).toBe(1);
    expect(() => contrast('teal', '#fff')).toThrow(/not a colour/);
  });
});

describe('stylesheets', () => {
  it('finds the app stylesheets and components', () => {
    expect(Object.keys(css)).toContain(tokenFile);
    expect(Object.keys(css)).toContain('./style.css');
    expect(Object.keys(css).length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(tsx).length).toBeGreaterThanOrEqual(10);
  });

  it('use no raw colour outside theme.css', () => {
    const offenders: string[] = [];
    for (const [path, src] of Object.entries(css)) {
      if (path === tokenFile) continue;
      for (const c of rawColoursInCSS(src)) offenders.push(`${path}: ${c}`);
    }
    for (const [path, src] of Object.entries(tsx)) {
      for (const m of src.matchAll(/['"`](#[0-9a-f]{3,8}|(?:rgba?|hsla?)\([^)]*\))['"`]/gi)) offenders.push(`${path}: ${m[1]}`);
    }
    expect(offenders).toEqual([]);
  });

  it('use only tokens that are defined', () => {
    const defined = new Set(themes().light.keys());
    const undefinedUses: string[] = [];
    for (const [path, src] of Object.entries(css)) {
      const local = declarations(stripComments(src)); // a sheet's own custom properties (e.g. --vt-bg)
      for (const m of stripComments(src).matchAll(/var\(\s*(--[a-z0-9-]+)/gi)) {
        if (!defined.has(m[1]!) && !local.has(m[1]!)) undefinedUses.push(`${path}: ${m[1]}`);
      }
    }
    expect(undefinedUses).toEqual([]);
  });

  it('the checks catch what they look for', () => {
    expect(rawColoursInCSS('.a { color: #fff; background: rgba(0,0,0,.5); border: 1px solid red; }')).toHaveLength(3);
    expect(rawColoursInCSS('#root { color: var(--fg); } /* #fff */')).toEqual([]);
    expect(declarations('--a: #fff; --b: var(--a);').get('--b')).toBe('var(--a)');
  });
});
