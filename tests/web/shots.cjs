#!/usr/bin/env node
// The screenshots of docs/web.md: the top of a page as a phone (390 × 844)
// or a desktop (1280 × 900) shows it, in the bundled fonts.
//
// Usage: NODE_PATH=… node shots.cjs --chromium /usr/bin/chromium --fonts fonts
//          PAGE.html phone|desktop OUT.png [PAGE.html phone|desktop OUT.png]…
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const args = process.argv.slice(2);
let chromium = null;
let fonts = null;
const jobs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--chromium') chromium = args[++i];
  else if (args[i] === '--fonts') fonts = args[++i];
  else jobs.push([path.resolve(args[i]), args[++i], path.resolve(args[++i])]);
}
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };

(async () => {
  const env = { ...process.env };
  if (fonts) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-shots-'));
    env.FONTCONFIG_FILE = path.join(tmp, 'fonts.conf');
    fs.writeFileSync(env.FONTCONFIG_FILE, `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${path.resolve(fonts)}</dir><cachedir>${tmp}/cache</cachedir></fontconfig>`);
  }
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, env, args: ['--no-sandbox', '--font-render-hinting=none'] });
  for (const [page, size, out] of jobs) {
    const tab = await browser.newPage();
    await tab.setViewport({ ...SIZES[size], deviceScaleFactor: 1 });
    await tab.goto(`file://${page}`, { waitUntil: 'load' });
    await tab.screenshot({ path: out });
    await tab.close();
  }
  await browser.close();
})().catch((e) => { process.stderr.write(`${e.stack || e}\n`); process.exit(1); });
