// Debian's Chromium driven by playwright-core, an axe-core accessibility check injected into the
// page, and one screenshot per page under test/browser/screenshots/ for people to look at.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './server.ts';

export const CHROMIUM = process.env.KEYFRONT_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const SCREENSHOTS = `${ROOT}test/browser/screenshots`;

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** Saves a full-page screenshot; the backend is in the name so parallel runs do not overwrite each other. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const backend = process.env.KEYFRONT_TEST_BACKEND ?? 'sqlite';
  await page.screenshot({ path: `${SCREENSHOTS}/${backend}-${name}.png`, fullPage: true });
}

/**
 * Runs axe-core (WCAG 2.x A/AA rules) in the page and fails on any serious or critical violation.
 * The script goes in through the DevTools protocol: the page's CSP forbids inline scripts, as it should.
 */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n: any) => n.target.join(' ')).slice(0, 3) }));
  })) as Array<{ id: string; impact: string; help: string; nodes: string[] }>;
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], `${label}: accessibility violations ${JSON.stringify(serious, null, 2)}`);
}
