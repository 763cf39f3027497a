/**
 * PDF from the same HTML as the print views, by headless Chromium (Debian's, or
 * SIJILL_CHROMIUM) driven by playwright-core. The page is served to the browser from memory
 * (the HTML and our assets) under a placeholder origin: the browser makes no request to the
 * network or to this server, runs no script, and starts with a fresh profile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { assetBytes } from './assets.ts';

export const chromiumPath = (): string => process.env.SIJILL_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const origin = 'http://print.sijill.invalid';

let shared: Promise<{ context: BrowserContext; profile: string }> | null = null;

async function browser(): Promise<BrowserContext> {
  shared ??= (async () => {
    // Loaded on the first PDF, not at start: the server starts without the browser driver.
    const { chromium } = await import('playwright-core');
    const profile = mkdtempSync(join(tmpdir(), 'sijill-pdf-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath(), args: chromiumArgs, headless: true, javaScriptEnabled: false, offline: false });
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== origin) return route.abort();
      const name = url.pathname.match(/^\/assets\/([\w.-]+)$/)?.[1];
      if (name) {
        try {
          const { body } = assetBytes(name);
          const type = name.endsWith('.css') ? 'text/css' : name.startsWith('font-') ? 'font/woff2' : 'application/octet-stream';
          return route.fulfill({ status: 200, contentType: type, body });
        } catch {
          return route.abort();
        }
      }
      return route.abort();
    });
    return { context, profile };
  })();
  try {
    return (await shared).context;
  } catch (error) {
    shared = null;
    throw error;
  }
}

/** Render a print view's HTML to an A4 PDF (or the page size its stylesheet sets). */
export async function htmlToPdf(html: string): Promise<Buffer> {
  const context = await browser();
  const page = await context.newPage();
  try {
    await page.route(`${origin}/document`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await page.goto(`${origin}/document`, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready').catch(() => undefined);
    return await page.pdf({ preferCSSPageSize: true, printBackground: true });
  } finally {
    await page.close();
  }
}

/** Close the browser (at server shutdown). */
export async function closePdfBrowser(): Promise<void> {
  if (!shared) return;
  const current = shared;
  shared = null;
  const { context, profile } = await current.catch(() => ({ context: null, profile: null }));
  await context?.close().catch(() => undefined);
  if (profile) rmSync(profile, { recursive: true, force: true });
}
