/**
 * End to end: a real n8n (installed once by scripts/install-n8n.sh) with this package installed
 * from `npm pack`, the Signicat emulator, and Debian's Chromium driven by Playwright as the person.
 * Evidence comes from n8n itself: its execution records and its "Verified people" data table.
 * Run by realN8n.test.ts (n8n 2.x, also the editor screenshots and the example files) and by
 * realN8n-1.x.test.ts (n8n 1.123).
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { startDemo } from '../../scripts/n8n/demo';
import { loadExample } from '../../scripts/n8n/examples';
import type { Demo } from '../../scripts/n8n/demo';
import { SignicatEmulator } from '../emulator/server';
import { launchChromium } from './person';

const root = resolve(__dirname, '../..');
const screenshots = join(root, 'docs/screenshots');

export function realN8nJourneys({ n8nVersion, port, editorAndExamples }: { n8nVersion: string; port: number; editorAndExamples: boolean }) {
	jest.setTimeout(120_000);
	const emulator = new SignicatEmulator();
	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	let demo: Demo;
	let browser: Browser;
	let context: BrowserContext;

	beforeAll(async () => {
		await emulator.start();
		demo = await startDemo({
			userFolder,
			port,
			n8nVersion,
			emulatorUrl: emulator.url,
		});
		browser = await launchChromium();
	}, 15 * 60_000);

	afterAll(async () => {
		await browser?.close();
		await demo?.stop();
		await emulator.stop();
	}, 60_000);

	beforeEach(async () => {
		context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	});
	afterEach(async () => {
		await context.close();
	});

	const TRIGGER_WORKFLOW = 'demo-verified-people.json';
	const WAIT_WORKFLOW = 'demo-wait-for-completion.json';

	async function executionsOf(file: string) {
		return await demo.n8n.executions(demo.workflows[file]);
	}

	const waitForExecutions = async (file: string, count: number, statuses?: string[]) =>
		await demo.n8n.waitForExecutions(demo.workflows[file], count, statuses);

	const rows = async () => await demo.n8n.dataTableRows(demo.tableId);

	/** The node types n8n offers its editor (from every installed package). */
	async function nodeTypes(): Promise<Array<{ name: string; version: number | number[] }>> {
		const { name, value } = demo.n8n.sessionCookie;
		return (await (await fetch(`${demo.n8n.url}/types/nodes.json`, { headers: { cookie: `${name}=${value}` } })).json()) as Array<{ name: string; version: number | number[] }>;
	}

	/** The person opens a start link; returns the itsme page and the id of the session it belongs to. */
	async function openItsme(page: Page, startPath: string) {
		await page.goto(`${demo.n8n.url}${startPath}`);
		await page.waitForSelector('#approve');
		expect(page.url()).toContain(`${emulator.url}/broker/sp/external-service/login`);
		return new URL(page.url()).searchParams.get('transactionId') as string;
	}

	describe(`in a real n8n ${n8nVersion}, with a real browser`, () => {
		it('loads both nodes and the credential from the installed package', async () => {
			const names = (await nodeTypes()).map((t) => t.name);
			expect(names).toEqual(expect.arrayContaining(['n8n-nodes-signicat-itsme.itsmeSession', 'n8n-nodes-signicat-itsme.itsmeTrigger']));
			// Installed as n8n's installer does: nothing beside the package, so every journey below
			// runs on the n8n-workflow and zod of n8n itself.
			expect(readdirSync(join(userFolder, '.n8n/nodes/node_modules'))).toEqual(['n8n-nodes-signicat-itsme']);
		});

		(editorAndExamples ? it : it.skip)('knows every node type and version the example workflows use, and imports them', async () => {
			const known = new Set((await nodeTypes()).flatMap((t) => [t.version].flat().map((v) => `${t.name}@${v}`)));
			for (const file of readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.json'))) {
				const workflow = loadExample(file);
				for (const node of workflow.nodes as Array<{ type: string; typeVersion: number }>) {
					expect(`${file}: ${node.type}@${node.typeVersion} ${known.has(`${node.type}@${node.typeVersion}`) ? 'known' : 'unknown'}`).toBe(
						`${file}: ${node.type}@${node.typeVersion} known`,
					);
				}
				const id = await demo.n8n.importWorkflow({ ...workflow, name: `import check: ${workflow.name}` }, {}, false);
				expect(id).toEqual(expect.any(String));
			}
		});

		it('trigger journey: form link → itsme → approve → verified page, one execution, one row', async () => {
			const page = await context.newPage();
			const sessionId = await openItsme(page, '/webhook/itsme-demo');
			if (editorAndExamples) await page.screenshot({ path: join(screenshots, 'person-itsme-page.png') });
			await page.check('input[value="maxence"]');
			await page.click('#approve');
			await page.waitForSelector('h1');
			expect(await page.textContent('h1')).toBe('Identity verified');
			if (editorAndExamples) await page.screenshot({ path: join(screenshots, 'person-verified-page.png') });

			const executions = await waitForExecutions(TRIGGER_WORKFLOW, 1);
			expect(executions.map((e) => e.status)).toEqual(['success']);
			expect(await rows()).toEqual([
				expect.objectContaining({ sessionId, status: 'SUCCESS', firstName: 'Maxence', lastName: 'Legrand', dateOfBirth: '1981-04-24', nationalNumber: '810424*****' }),
			]);

			// The person refreshes the page: same answer, no second execution.
			await page.reload();
			expect(await page.textContent('h1')).toBe('Identity verified');
			await new Promise((r) => setTimeout(r, 500));
			expect(await executionsOf(TRIGGER_WORKFLOW)).toHaveLength(1);
		});

		it.each([
			['#cancel', 'ABORT', 'Verification cancelled'],
			['#error', 'ERROR', 'Verification failed'],
		])('journey where the person clicks %s: status %s recorded', async (button, status, title) => {
			const before = (await executionsOf(TRIGGER_WORKFLOW)).length;
			const page = await context.newPage();
			const sessionId = await openItsme(page, '/webhook/itsme-demo');
			await page.click(button);
			await page.waitForSelector('h1');
			expect(await page.textContent('h1')).toBe(title);
			await waitForExecutions(TRIGGER_WORKFLOW, before + 1);
			const row = (await rows()).find((r) => r.sessionId === sessionId);
			expect(row).toMatchObject({ status });
			expect(row?.firstName ?? null).toBeNull();
		});

		it('a forged callback starts nothing while the session is in progress, and emits the real status after', async () => {
			const before = (await executionsOf(TRIGGER_WORKFLOW)).length;
			const page = await context.newPage();
			const sessionId = await openItsme(page, '/webhook/itsme-demo');
			const triggerUrl = `${demo.n8n.url}/webhook/9d1c6f64-7c43-4c2e-9a53-1b8f1f0e5a11/itsme`;

			const forged = await page.goto(`${triggerUrl}?outcome=success&sessionId=${sessionId}`);
			expect(forged?.status()).toBe(409);
			const malformed = await page.goto(`${triggerUrl}?outcome=success&sessionId=..%2F..%2Fetc`);
			expect(malformed?.status()).toBe(400);
			await new Promise((r) => setTimeout(r, 500));
			expect(await executionsOf(TRIGGER_WORKFLOW)).toHaveLength(before);

			emulator.complete(sessionId, 'abort');
			await page.goto(`${triggerUrl}?outcome=success&sessionId=${sessionId}`);
			expect(await page.textContent('h1')).toBe('Verification cancelled');
			await waitForExecutions(TRIGGER_WORKFLOW, before + 1);
			expect((await rows()).find((r) => r.sessionId === sessionId)).toMatchObject({ status: 'ABORT' });
		});

		it('wait-for-completion journey: one workflow waits for the person and resumes with the result', async () => {
			const page = await context.newPage();
			const sessionId = await openItsme(page, '/webhook/itsme-wait-demo');
			// The person is redirected before the execution has saved itself as waiting.
			const [waiting] = await waitForExecutions(WAIT_WORKFLOW, 1, ['waiting']);

			await page.check('input[value="lotte"]');
			await page.click('#approve');
			await page.waitForSelector('h1');
			expect(await page.textContent('h1')).toBe('Identity verified');
			expect(page.url()).toContain(`/webhook-waiting/${waiting.id}`);

			const executions = await waitForExecutions(WAIT_WORKFLOW, 1);
			expect(executions).toEqual([expect.objectContaining({ id: waiting.id, status: 'success' })]);
			expect((await rows()).find((r) => r.sessionId === sessionId)).toMatchObject({ status: 'SUCCESS', firstName: 'Lotte', nationalNumber: '920317*****' });
		});

		(editorAndExamples ? it : it.skip)('shows both nodes in the n8n editor', async () => {
			const { name, value } = demo.n8n.sessionCookie;
			await context.addCookies([{ name, value, url: demo.n8n.url }]);
			for (const [file, shot] of [
				[WAIT_WORKFLOW, 'editor-wait-for-completion.png'],
				[TRIGGER_WORKFLOW, 'editor-itsme-trigger.png'],
			]) {
				const page = await context.newPage();
				await page.goto(`${demo.n8n.url}/workflow/${demo.workflows[file]}`);
				await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60_000 });
				await page.waitForTimeout(1000);
				await page.screenshot({ path: join(screenshots, shot) });
				expect(await page.locator('[data-test-id="canvas-node"]').count()).toBeGreaterThanOrEqual(2);
			}
		});
	});
}
