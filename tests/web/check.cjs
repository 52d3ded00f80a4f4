#!/usr/bin/env node
// The web pages of `brief build --html` in a real browser: headless
// Chromium (Debian's `chromium`, driven by puppeteer-core; nothing is
// downloaded) loads every page at 320, 768 and 1280 pixels wide and checks
//
// - no horizontal overflow: the page never scrolls sideways (a table
//   scrolls in its own box);
// - no console error, no failed request, and no request at all but the
//   page itself and its `data:` URIs (nothing is loaded from elsewhere);
// - no missing glyph: every character of the page's text, drawn in the
//   font its element computes, differs from what the browser draws for a
//   character no font has (U+0378, unassigned): a missing glyph draws the
//   same box (or the same nothing) as that one;
// - axe-core finds no violation (and none in dark mode, at one width);
//
// and html-validate finds no error in the file. With `--shots DIR`, it
// also saves a screenshot of every page at every width (the top of the
// page, FULL=1 for the whole page).
//
// Usage: node check.cjs --chromium /usr/bin/chromium [--fonts DIR]
//          [--shots DIR] PAGE.html…
// The packages are found through NODE_PATH. `--fonts DIR` adds a folder
// of fonts to the browser's (fontconfig), as a reader who has them
// installed. Exit status 0 when every check passes, 1 otherwise, 2 on a
// usage error.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

function usage(msg) {
  process.stderr.write(`check.cjs: ${msg}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let chromium = null;
let fonts = null;
let shots = null;
const pages = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--chromium') chromium = args[++i];
  else if (a === '--fonts') fonts = args[++i];
  else if (a === '--shots') shots = args[++i];
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else pages.push(path.resolve(a));
}
if (!chromium) usage('give --chromium PATH');
if (pages.length === 0) usage('give the pages to check');

const puppeteer = require('puppeteer-core');
const { HtmlValidate } = require('html-validate');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const WIDTHS = [320, 768, 1280];
const failures = [];
const fail = (page, width, what) => failures.push(`${path.basename(page)}${width ? ` at ${width}px` : ''}: ${what}`);

// A fontconfig file that adds `--fonts` to the system's fonts, in a
// folder of its own (`tmp`) that `main` removes when the browser is closed.
function fontconfig(dir, tmp) {
  const file = path.join(tmp, 'fonts.conf');
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  fs.writeFileSync(file, `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${esc(path.resolve(dir))}</dir>
  <cachedir>${esc(path.join(tmp, 'cache'))}</cachedir>
</fontconfig>
`);
  return file;
}

// In the page: every character of the text whose drawing is that of a
// character no font has. Returns the characters with where they are.
function missingGlyphs() {
  const canvas = document.createElement('canvas');
  canvas.width = 96;
  canvas.height = 64;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const draw = (font, ch) => {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.font = font;
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#000';
    ctx.fillText(ch, 16, 32);
    const width = ctx.measureText(ch).width;
    return `${width.toFixed(2)}:${Array.from(ctx.getImageData(0, 0, canvas.width, canvas.height).data).join(',')}`;
  };
  const skip = /[\p{Z}\p{Cc}\p{Cf}\p{Mn}\p{Me}]/u;
  const missing = new Map();
  const seen = new Set();
  const tofu = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const check = (font, ch, where) => {
    const key = `${font}\u0000${ch}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (!tofu.has(font)) tofu.set(font, draw(font, '\u0378'));
    if (draw(font, ch) === tofu.get(font)) {
      const code = ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
      if (!missing.has(code)) missing.set(code, `U+${code} ${ch} in “${where}”`);
    }
  };
  // The check itself must see a missing glyph: another unassigned code
  // point draws as the reference does.
  const probe = `normal 400 32px ${getComputedStyle(document.body).fontFamily}`;
  if (draw(probe, '\u0379') !== draw(probe, '\u0378')) return ['the missing-glyph check cannot tell a missing glyph'];
  if (draw(probe, 'A') === draw(probe, '\u0378')) return ['the missing-glyph check takes A for a missing glyph'];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el) continue;
    const s = getComputedStyle(el);
    const font = `${s.fontStyle} ${s.fontWeight} 32px ${s.fontFamily}`;
    const text = node.data;
    for (const ch of text) {
      if (skip.test(ch)) continue;
      check(font, ch, text.trim().slice(0, 40));
    }
  }
  return Array.from(missing.values());
}

async function validate(file) {
  const validator = new HtmlValidate({
    extends: ['html-validate:recommended', 'html-validate:document'],
    rules: {
      // A press release's title is a sentence; search engines cut it.
      'long-title': 'off',
    },
  });
  const report = await validator.validateFile(file);
  for (const result of report.results) {
    for (const m of result.messages) {
      if (m.severity === 2) fail(file, 0, `html-validate: ${m.ruleId}: ${m.message} (line ${m.line}:${m.column})`);
    }
  }
}

async function main() {
  const env = { ...process.env };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-web-fonts-'));
  if (fonts) env.FONTCONFIG_FILE = fontconfig(fonts, tmp);
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    env,
    args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none', '--disable-dev-shm-usage'],
  });
  try {
    for (const file of pages) {
      await validate(file);
      const url = `file://${file}`;
      const page = await browser.newPage();
      const problems = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url().slice(0, 80)}`));
      page.on('request', (r) => {
        const u = r.url();
        if (u !== url && !u.startsWith('data:')) problems.push(`loads ${u.slice(0, 80)}`);
      });
      for (const width of WIDTHS) {
        await page.setViewport({ width, height: 900, deviceScaleFactor: 1 });
        await page.goto(url, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready);
        for (const p of problems.splice(0)) fail(file, width, p);
        const sideways = await page.evaluate(() => {
          const doc = document.documentElement;
          const over = doc.scrollWidth - doc.clientWidth;
          if (over <= 0) return null;
          // The widest element, to say what overflows.
          let worst = null;
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            const out = Math.max(r.right - doc.clientWidth, -r.left);
            if (out > 0.5 && (!worst || out > worst.out)) worst = { out, what: `${el.tagName.toLowerCase()}.${el.className}` };
          }
          return `${over}px wider than the screen${worst ? `, e.g. ${worst.what}` : ''}`;
        });
        if (sideways) fail(file, width, `horizontal overflow: ${sideways}`);
        for (const m of await page.evaluate(missingGlyphs)) fail(file, width, `missing glyph: ${m}`);
        await page.evaluate(axeSource);
        const axe = await page.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ['violations'] });
          return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
        });
        for (const v of axe) fail(file, width, `axe: ${v}`);
        if (shots) {
          fs.mkdirSync(shots, { recursive: true });
          const name = path.basename(file, '.html');
          await page.screenshot({ path: path.join(shots, `${name}.${width}.png`), fullPage: process.env.FULL === '1' });
        }
      }
      // Dark mode: the contrast of every text.
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
      await page.goto(url, { waitUntil: 'load' });
      await page.evaluate(axeSource);
      const dark = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => `${v.id}: ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
      });
      for (const v of dark) fail(file, 1280, `axe in dark mode: ${v}`);
      if (shots) {
        const name = path.basename(file, '.html');
        await page.screenshot({ path: path.join(shots, `${name}.dark.png`), fullPage: process.env.FULL === '1' });
      }
      for (const p of problems.splice(0)) fail(file, 1280, p);
      await page.close();
    }
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (failures.length) {
    process.stdout.write(`${failures.length} problems:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`${pages.length} pages checked at ${WIDTHS.join(', ')} px: no overflow, no console error, no missing glyph, no axe violation, valid HTML\n`);
}

main().catch((e) => {
  process.stderr.write(`check.cjs: ${e.stack || e}\n`);
  process.exit(2);
});
