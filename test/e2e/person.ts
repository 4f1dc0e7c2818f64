/**
 * The person of the end-to-end tests: Debian's Chromium driven by Playwright, or plain HTTP requests
 * where a browser would only add time (bursts of people).
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

const root = resolve(__dirname, '../..');

export async function launchChromium(): Promise<Browser> {
	execFileSync('bash', [join(root, 'scripts/ensure-debian-packages.sh'), 'chromium'], { stdio: 'inherit' });
	return await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

/** What a person types on the demo's start page: here the guide's example person, as the emulator's "maxence". */
export const MAXENCE_APPLICATION = { firstName: 'Maxence', lastName: 'Legrand', dateOfBirth: '24/04/1981' };

/**
 * A person sends the demo's start page (its form, posted to the start link) with their application:
 * n8n creates the session and redirects to itsme; returns the session id.
 */
export async function openStartLink(n8nUrl: string, path: string, application: Record<string, string> = MAXENCE_APPLICATION): Promise<string> {
	const response = await fetch(`${n8nUrl}${path}`, { method: 'POST', body: new URLSearchParams(application), redirect: 'manual' });
	const location = response.headers.get('location');
	if (!location) throw new Error(`${path} answered ${response.status} without a redirect: ${(await response.text()).slice(0, 300)}`);
	return new URL(location).searchParams.get('transactionId') as string;
}

/**
 * Every browser of a burst comes back at once. On a busy machine some are told to try again: our
 * "could not confirm your identity yet" (a read of Signicat outlasted the webhook budget) or n8n's own
 * "Database is not ready" (its database check waited too long); those people try again once the
 * burst is over, and must then get their page. Returns how many had to.
 */
export async function browsersComeBack(callbacks: string[]): Promise<number> {
	const pages = await Promise.all(callbacks.map(async (url) => ({ url, ...(await fetch(url).then(async (r) => ({ status: r.status, body: await r.text() }))) })));
	const notYet = pages.filter((page) => page.status !== 200);
	const toldToTryAgain = (page: { status: number; body: string }) => page.status === 503 && /could not confirm|Database is not ready/.test(page.body);
	expect(notYet.filter((page) => !toldToTryAgain(page))).toEqual([]);
	expect(await Promise.all(notYet.map(async ({ url }) => (await fetch(url)).status))).toEqual(notYet.map(() => 200));
	return notYet.length;
}
