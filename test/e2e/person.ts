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
