/**
 * End to end: every example file imported into a fresh n8n 2.41.1 that is not the demo's (its own
 * port, nothing set up but the package installed from `npm pack`), changed only where its sticky
 * notes tell a user to change it, and run in Chromium as the person: their pages, the execution, the
 * row. Where an example needs a service out of reach here, the note's own alternative stands in: the
 * Google Sheet becomes the data table the note describes, HubSpot becomes "another CRM" (a local
 * stand-in of HubSpot's contacts API, reached by HTTP Request nodes), and the SMTP credential points
 * at a local SMTP server. Also: every note shows all of its text in n8n's editor.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'flatted';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { startN8n, withTable } from '../../scripts/n8n/demo';
import type { N8nWithPackage } from '../../scripts/n8n/demo';
import { describedTables, loadExample } from '../../scripts/n8n/examples';
import { portOf } from '../../scripts/n8n/ports';
import { TEXTS } from '../../nodes/shared/browser/texts';
import { LOGIN_TEXTS } from '../emulator/loginTexts';
import { DEFAULT_CLIENT, SignicatEmulator } from '../emulator/server';
import { bodyText, SmtpSink } from '../harness/smtpSink';
import { launchChromium, MAXENCE_APPLICATION } from './person';

jest.setTimeout(120_000);

const FILES = readdirSync(resolve(__dirname, '../../examples')).filter((file) => file.endsWith('.json'));
const emulator = new SignicatEmulator();
const smtp = new SmtpSink();
let n8n: N8nWithPackage;
let browser: Browser;
let context: BrowserContext;
/** Workflow id by example file, once imported and configured. */
const workflows: Record<string, string> = {};
/** Data table id by name, made as the notes describe them. */
const tables: Record<string, string> = {};
const credentials: Record<string, string> = {};

/**
 * "Another CRM" for the HubSpot examples: HubSpot's contacts API (v1, the shapes the HubSpot node
 * reads and writes), kept in memory.
 */
const crm = {
	contacts: new Map<string, { vid: number; email: string; properties: Record<string, string> }>(),
	server: undefined as Server | undefined,
	url: '',
};

/** What the stand-in answers: [status, JSON body]. */
function crmAnswer(method: string, url: string, body: string): [number, unknown] {
	const read = /^\/contacts\/v1\/contact\/vid\/([^/]+)\/profile$/.exec(url);
	const update = /^\/contacts\/v1\/contact\/createOrUpdate\/email\/([^/]+)$/.exec(url);
	if (method === 'GET' && read) {
		const contact = crm.contacts.get(decodeURIComponent(read[1]));
		return contact ? [200, { vid: contact.vid, properties: { email: { value: contact.email } } }] : [404, { status: 'error' }];
	}
	if (method === 'POST' && update) {
		const contact = [...crm.contacts.values()].find((candidate) => candidate.email === decodeURIComponent(update[1]));
		if (!contact) return [404, { status: 'error' }];
		for (const { property, value } of (JSON.parse(body) as { properties: Array<{ property: string; value: string }> }).properties) contact.properties[property] = value;
		return [200, { vid: contact.vid, isNew: false }];
	}
	return [404, { status: 'error', message: `no route ${method} ${url}` }];
}

async function startCrm() {
	crm.server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			const [status, json] = crmAnswer(req.method ?? '', req.url ?? '', body);
			res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
		});
	});
	await new Promise<void>((done) => crm.server!.listen(0, '127.0.0.1', done));
	crm.url = `http://127.0.0.1:${(crm.server.address() as AddressInfo).port}`;
}

type Node = Record<string, any> & { name: string; type: string; parameters: Record<string, any> };
const nodeOf = (workflow: Record<string, any>, name: string): Node => {
	const node = (workflow.nodes as Node[]).find((candidate) => candidate.name === name);
	if (!node) throw new Error(`${workflow.name} has no node "${name}"`);
	return node;
};
/** Replaces a node by another kind of node under the same name (so its connections stay). */
const replaceNode = (workflow: Record<string, any>, name: string, replacement: Omit<Node, 'name' | 'position'>) => {
	const node = nodeOf(workflow, name);
	for (const key of Object.keys(node)) if (!['name', 'position'].includes(key)) delete node[key];
	Object.assign(node, replacement);
};

/**
 * What a user changes after importing each example, and only what its notes say (credentials are
 * picked in RealN8n.importWorkflow by type, as the notes say for every node that has one).
 */
const CONFIGURE: Record<string, (workflow: Record<string, any>) => void> = {
	'onboarding-form-google-sheets.json': (workflow) => {
		// "Or keep the rows in n8n: replace those two nodes by Data Table nodes, Upsert row matched on
		// sessionId with the same columns mapped, into the data table `Verified people` … and the data
		// table `To review` …"
		for (const sheet of [nodeOf(workflow, 'Add or update in Google Sheet'), nodeOf(workflow, 'Add to the review sheet')]) {
			replaceNode(workflow, sheet.name, {
				type: 'n8n-nodes-base.dataTable',
				typeVersion: 1.1,
				parameters: {
					resource: 'row',
					operation: 'upsert',
					dataTableId: { __rl: true, mode: 'id', value: tables[sheet.parameters.sheetName.value] },
					matchType: 'allConditions',
					filters: { conditions: [{ keyName: 'sessionId', condition: 'eq', keyValue: '={{ $json.sessionId }}' }] },
					columns: { mappingMode: 'defineBelow', value: sheet.parameters.columns.value, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false },
					options: {},
				},
			});
		}
	},
	'hubspot-send-itsme-link.json': (workflow) => {
		// "Another CRM: replace the two HubSpot nodes by your CRM's trigger and contact read (its nodes,
		// or a Webhook and an HTTP Request to its API), keeping the contact's email where Create itsme
		// session reads it."
		replaceNode(workflow, 'New HubSpot contact', {
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2.1,
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path: 'crm-contact-created', responseMode: 'onReceived', options: {} },
		});
		replaceNode(workflow, 'Get contact', {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: { url: `={{ '${crm.url}/contacts/v1/contact/vid/' + encodeURIComponent($json.body.contactId) + '/profile' }}`, options: {} },
		});
		// "Email the itsme link: your SMTP credential and sender address."
		nodeOf(workflow, 'Email the itsme link').parameters.fromEmail = 'onboarding@bank.example.test';
	},
	'hubspot-update-verified-contact.json': (workflow) => {
		// "Another CRM: replace this node by your CRM's update (its node, or an HTTP Request to its API), keyed by the email."
		replaceNode(workflow, 'Update HubSpot contact', {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `={{ '${crm.url}/contacts/v1/contact/createOrUpdate/email/' + encodeURIComponent($json.externalReference) }}`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody:
					"={{ JSON.stringify({ properties: [{ property: 'firstname', value: $json.firstName }, { property: 'lastname', value: $json.lastName }, { property: 'itsme_verified_at', value: $json.statusCheckedAt }] }) }}",
				options: {},
			},
		});
	},
	'reconcile-unfinished-sessions.json': (workflow) => {
		// "3. The interval in the Schedule Trigger." Every 5 s, so that the test need not wait 10 minutes.
		nodeOf(workflow, 'Every 10 minutes').parameters.rule = { interval: [{ field: 'seconds', secondsInterval: 5 }] };
	},
};

/** Examples whose notes say to publish (activate) them right away; the reconcile example is activated in its test. */
const PUBLISHED = FILES.filter((file) => file !== 'reconcile-unfinished-sessions.json');

beforeAll(async () => {
	await emulator.start();
	await smtp.start();
	await startCrm();
	n8n = await startN8n({ userFolder: mkdtempSync(join(tmpdir(), 'n8n-e2e-examples-')), port: portOf(5850) });
	browser = await launchChromium();

	// The credentials the notes name. The flagship's note: a National Number Hash Key of your own.
	credentials.signicatApi = await n8n.n8n.createCredential('Signicat API', 'signicatApi', {
		clientId: DEFAULT_CLIENT.clientId,
		clientSecret: DEFAULT_CLIENT.clientSecret,
		baseUrl: emulator.url,
		accountId: '',
		hashSecretKey: randomUUID(),
	});
	credentials.smtp = await n8n.n8n.createCredential('SMTP account', 'smtp', { user: '', password: '', host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true });

	// Every data table the notes describe, with the columns and types they give.
	for (const table of describedTables(FILES.map(loadExample))) tables[table.name] = await n8n.n8n.createDataTable(table);

	crm.contacts.set('c-42', { vid: 42, email: 'maxence.legrand@example.test', properties: {} });
	for (const file of FILES) {
		const workflow = loadExample(file);
		// What n8n's "Import from File" does: a Form Trigger gets a new webhook id (its path stays).
		for (const node of workflow.nodes as Node[]) if (node.type === 'n8n-nodes-base.formTrigger') node.webhookId = randomUUID();
		// "Pick your data table" in every Data Table node.
		workflow.nodes = (workflow.nodes as Node[]).map((node) => withTable(node, tables) as Node);
		CONFIGURE[file]?.(workflow);
		workflows[file] = await n8n.n8n.importWorkflow(workflow, credentials, PUBLISHED.includes(file));
	}
}, 15 * 60_000);

afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
	await emulator.stop();
	await smtp.stop();
	await new Promise((done) => (crm.server ? crm.server.close(done) : done(undefined)));
}, 60_000);

beforeEach(async () => {
	context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
});
afterEach(async () => await context.close());

const rowsOf = async (table: string) => await n8n.n8n.dataTableRows(tables[table]);
const executionsOf = async (file: string) => await n8n.n8n.executions(workflows[file]);

/** The person is on the emulator's itsme page: the id of its session. */
async function onItsmePage(page: Page): Promise<string> {
	await page.waitForSelector('#approve');
	expect(page.url()).toContain(`${emulator.url}/broker/sp/external-service/login`);
	return new URL(page.url()).searchParams.get('transactionId') as string;
}

/** The person sends the demo's start page (its form) with their application; returns the answer to it. */
async function sendDemoApplication(page: Page, url: string, application: Record<string, string> = MAXENCE_APPLICATION) {
	await page.goto(url);
	for (const [field, value] of Object.entries(application)) await page.fill(`#${field}`, value);
	const answer = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().startsWith(url.split('?')[0]));
	await page.click('button[type=submit]');
	return await answer;
}

/** The person fills the flagship's n8n form, its labels in the form's language. */
async function fillOnboardingForm(page: Page, fields: Record<string, string>): Promise<void> {
	for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
	await page.click('button[type=submit]');
}

async function approveAs(page: Page, person: string): Promise<void> {
	await page.check(`input[value="${person}"]`);
	await page.click('#approve');
	await page.waitForSelector('h1');
}

const MAXENCE = { firstName: 'Maxence', lastName: 'Legrand', dateOfBirth: '1981-04-24' };
const PROCEED = { decision: 'proceed', reasons: 'All compared fields match, and the person is at least 18 years old.' };

describe('every example, imported into a fresh n8n that is not the demo\'s', () => {
	it('imports every example and publishes those whose notes say so, in an n8n on its own port', async () => {
		expect(new URL(n8n.webhookUrl).port).toBe(String(portOf(5850)));
		const listed = await n8n.n8n.rest<Array<{ id: string; active: boolean }>>('GET', '/workflows');
		const active = Object.fromEntries(FILES.map((file) => [file, listed.find((workflow) => workflow.id === workflows[file])?.active]));
		expect(active).toEqual(Object.fromEntries(FILES.map((file) => [file, PUBLISHED.includes(file)])));
	});

	it('demo-start-onboarding + demo-verified-people: link → itsme → verified page in Dutch, one execution, one row', async () => {
		const page = await context.newPage();
		await sendDemoApplication(page, `${n8n.webhookUrl}/webhook/itsme-demo?lang=nl&ref=crm-7`);
		const sessionId = await onItsmePage(page);
		expect(await page.getAttribute('html', 'lang')).toBe('nl');
		await approveAs(page, 'maxence');
		expect(await page.textContent('h1')).toBe(TEXTS.nl.pages.verified.title);
		// The itsme Trigger of this n8n took the person back: the path in the example meant this n8n.
		expect(page.url()).toMatch(new RegExp(`^${n8n.webhookUrl}/webhook/9d1c6f64-7c43-4c2e-9a53-1b8f1f0e5a11/itsme\\?`));

		const executions = await n8n.n8n.waitForExecutions(workflows['demo-verified-people.json'], 1);
		expect(executions.map((e) => e.status)).toEqual(['success']);
		expect(await rowsOf('itsme sessions')).toEqual([
			expect.objectContaining({ sessionId, externalReference: 'crm-7', status: 'SUCCESS', ...PROCEED, deliveredBy: 'callback', ...MAXENCE, nationalNumber: '810424*****', address: 'Rue de Fer 12, 5000 Namur' }),
		]);
		expect(await rowsOf('itsme applications')).toEqual([expect.objectContaining({ sessionId, ...MAXENCE_APPLICATION })]);
	});

	it("an older copy of the demo, its Trigger URL naming the demo's n8n (localhost:5678): refused, the person gets a page, the execution says why", async () => {
		const older = loadExample('demo-start-onboarding.json');
		older.name = 'itsme demo: start an onboarding (an older copy)';
		const webhook = nodeOf(older, 'Person opens the onboarding link');
		Object.assign(webhook, { webhookId: randomUUID(), parameters: { ...webhook.parameters, path: 'itsme-demo-older' } });
		nodeOf(older, 'Create itsme session').parameters.triggerUrl = 'http://localhost:5678/webhook/9d1c6f64-7c43-4c2e-9a53-1b8f1f0e5a11/itsme';
		const id = await n8n.n8n.importWorkflow(older, credentials, true);
		const sessionsBefore = emulator.sessions.count();

		const page = await context.newPage();
		const answer = await sendDemoApplication(page, `${n8n.webhookUrl}/webhook/itsme-demo-older`);
		expect(answer.status()).toBe(503);
		await page.waitForSelector('h1');
		expect(await page.textContent('h1')).toBe('We could not start your verification');
		// Two executions: the form shown (GET) and the refused start (POST); wait for both to end.
		const executions = await n8n.n8n.waitForExecutions(id, 2);
		expect(executions.map((e) => e.status).sort()).toEqual(['error', 'success']);
		const execution = executions.find((e) => e.status === 'error')!;
		const { data } = await n8n.n8n.rest<{ data: string }>('GET', `/executions/${execution.id}`);
		expect((parse(data) as { resultData: { error: { message: string } } }).resultData.error.message).toMatch(
			new RegExp(`^Trigger URL of item 0 points at http://localhost:5678, not at this n8n \\(${n8n.webhookUrl}/\\)`),
		);
		expect(emulator.sessions.count()).toBe(sessionsBefore);
	});

	it('demo-wait-for-completion: link → itsme → verified page, the execution resumes and writes the row', async () => {
		const page = await context.newPage();
		await sendDemoApplication(page, `${n8n.webhookUrl}/webhook/itsme-wait-demo`, { firstName: 'Lotte', lastName: 'Peeters', dateOfBirth: '1992-03-17' });
		const sessionId = await onItsmePage(page);
		await n8n.n8n.waitForExecutions(workflows['demo-wait-for-completion.json'], 1, ['waiting']);
		await approveAs(page, 'lotte');
		expect(await page.textContent('h1')).toBe(TEXTS.en.pages.verified.title);
		// (Opening the link showed the form: an execution of its own. This is the one of the session.)
		expect((await n8n.n8n.endedExecutionOf(workflows['demo-wait-for-completion.json'], sessionId)).status).toBe('success');
		expect((await rowsOf('itsme sessions')).find((row) => row.sessionId === sessionId)).toEqual(
			expect.objectContaining({ status: 'SUCCESS', ...PROCEED, deliveredBy: 'resume', firstName: 'Lotte', lastName: 'Peeters' }),
		);
	});

	describe('onboarding-form-google-sheets (the sheet swapped for the data table its note describes)', () => {
		const FILE = 'onboarding-form-google-sheets.json';
		const FORM = () => `${n8n.webhookUrl}/form/itsme-onboarding`;

		it.each([
			['en-GB', 'Open your account', ['First name', 'Last name', 'Date of birth', 'Email address'], 'Continue with itsme'],
			['nl-BE', 'Open uw rekening', ['Voornaam', 'Achternaam', 'Geboortedatum', 'E-mailadres'], 'Verdergaan met itsme'],
			['de-DE', 'Eröffnen Sie Ihr Konto', ['Vorname', 'Nachname', 'Geburtsdatum', 'E-Mail-Adresse'], 'Weiter mit itsme'],
			['es-ES', 'Open your account', ['First name', 'Last name', 'Date of birth', 'Email address'], 'Continue with itsme'],
		])('the form speaks the browser\'s language (%s), English otherwise', async (locale, title, labels, button) => {
			const page = await (await browser.newContext({ locale })).newPage();
			await page.goto(FORM());
			const shown = async (selector: string) => (await page.locator(selector).allTextContents()).map((text) => text.trim());
			expect([await page.textContent('h1'), await shown('label.form-label'), (await page.textContent('button[type=submit]'))?.trim()]).toEqual([title, labels, button]);
			await page.context().close();
		});

		it('form in French → itsme in French → the final page in French; one execution; the row with the hashed national number', async () => {
			const french = await browser.newContext({ locale: 'fr-BE' });
			const page = await french.newPage();
			await page.goto(FORM());
			expect(await page.textContent('h1')).toBe('Ouvrez votre compte');
			await fillOnboardingForm(page, { Prénom: 'Maxence', Nom: 'Legrand', 'Date de naissance': '1981-04-24', 'Adresse e-mail': 'maxence@example.test' });
			const sessionId = await onItsmePage(page);
			expect(await page.getAttribute('html', 'lang')).toBe('fr');
			expect(await page.textContent('#approve')).toBe(LOGIN_TEXTS.fr.approve);
			// The form's ending sent the person on and resumed; the execution now waits for them.
			await n8n.n8n.waitingAt(workflows[FILE], 'Wait for the person');
			await approveAs(page, 'maxence');
			expect(await page.getAttribute('html', 'lang')).toBe('fr');
			expect(await page.textContent('h1')).toBe(TEXTS.fr.pages.verified.title);
			// Wait for Completion's final page, which stays valid on reload.
			expect(page.url()).toMatch(/\/webhook\/[^/]+\/itsme-result\?status=SUCCESS&language=fr$/);
			await french.close();

			const executions = await n8n.n8n.waitForExecutions(workflows[FILE], 1);
			expect(executions.map((e) => e.status)).toEqual(['success']);
			expect(await rowsOf('Verified people')).toEqual([
				expect.objectContaining({
					sessionId,
					email: 'maxence@example.test',
					...MAXENCE,
					nationalNumber: expect.stringMatching(/^[0-9a-f]{64}$/),
					address: 'Rue de Fer 12, 5000 Namur',
					statusCheckedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				}),
			]);
			expect(await rowsOf('To review')).toEqual([]);
		});

		it('a date of birth typed wrong: verified all the same, the row goes to the review sheet with the reason, not to the verified people', async () => {
			const page = await context.newPage();
			await page.goto(FORM());
			await fillOnboardingForm(page, { 'First name': 'maxence', 'Last name': 'LEGRAND', 'Date of birth': '1981-04-25', 'Email address': 'max@example.test' });
			const sessionId = await onItsmePage(page);
			await n8n.n8n.waitingAt(workflows[FILE], 'Wait for the person');
			await approveAs(page, 'maxence');
			expect(await page.textContent('h1')).toBe(TEXTS.en.pages.verified.title);

			const executions = await n8n.n8n.waitForExecutions(workflows[FILE], 2);
			expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
			expect(await rowsOf('To review')).toEqual([
				expect.objectContaining({
					sessionId,
					email: 'max@example.test',
					reasons: 'Date of birth is different.',
					typedFirstName: 'maxence',
					typedLastName: 'LEGRAND',
					typedDateOfBirth: '1981-04-25',
					...MAXENCE,
					statusCheckedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				}),
			]);
			expect((await rowsOf('Verified people')).map((row) => row.sessionId)).not.toContain(sessionId);
		});

		it('a session that cannot be created: a page in German, not n8n\'s raw error; the execution marked failed', async () => {
			const before = (await executionsOf(FILE)).length;
			await n8n.n8n.updateCredential('Signicat API', { clientSecret: 'not-the-secret' });
			// n8n keeps using the access token it has until Signicat refuses it: make it refuse it now.
			await fetch(`${emulator.url}/__emulator/revoke-tokens`, { method: 'POST' });
			try {
				const german = await browser.newContext({ locale: 'de-DE' });
				const page = await german.newPage();
				await page.goto(FORM());
				await fillOnboardingForm(page, { Vorname: 'Lotte', Nachname: 'Peeters', Geburtsdatum: '1992-03-17', 'E-Mail-Adresse': 'someone@example.test' });
				await page.getByText('Wir konnten Ihre Überprüfung nicht starten').first().waitFor();
				expect(await page.content()).not.toContain('Workflow could not be started');
				// The page itself tells n8n it was shown (its ending's POST); then the execution stops, failed.
				const executions = await n8n.n8n.waitForExecutions(workflows[FILE], before + 1);
				expect(executions.filter((e) => e.status === 'error')).toHaveLength(1);
				await german.close();
			} finally {
				await n8n.n8n.updateCredential('Signicat API', { clientSecret: DEFAULT_CLIENT.clientSecret });
			}
			expect(await rowsOf('Verified people')).toHaveLength(1);
		});
	});

	it('hubspot-send-itsme-link + hubspot-update-verified-contact (another CRM): contact → email with the itsme link → the person → contact updated', async () => {
		const created = await fetch(`${n8n.webhookUrl}/webhook/crm-contact-created`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ contactId: 'c-42' }),
		});
		expect(created.status).toBe(200);
		const [mail] = await smtp.waitForMessages(1);
		expect(mail.to).toEqual(['maxence.legrand@example.test']);
		const link = /https?:\/\/\S+\/broker\/sp\/external-service\/login\S+/.exec(bodyText(mail.raw))?.[0] as string;
		expect(link).toContain(emulator.url);

		const page = await context.newPage();
		await page.goto(link);
		await onItsmePage(page);
		await approveAs(page, 'maxence');
		expect(await page.textContent('h1')).toBe('Thank you');

		const executions = await n8n.n8n.waitForExecutions(workflows['hubspot-update-verified-contact.json'], 1);
		expect(executions.map((e) => e.status)).toEqual(['success']);
		expect(crm.contacts.get('c-42')?.properties).toEqual({ firstname: 'Maxence', lastname: 'Legrand', itsme_verified_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
	});

	it('reconcile-unfinished-sessions: a person approves in the app and closes the tab; the scheduled run brings the result into the row', async () => {
		const triggerRuns = (await executionsOf('demo-verified-people.json')).length;
		const page = await context.newPage();
		await sendDemoApplication(page, `${n8n.webhookUrl}/webhook/itsme-demo?ref=closed-tab`);
		const sessionId = await onItsmePage(page);
		await page.check('input[value="maxence"]');
		await page.click('#approve-in-app');
		await page.waitForLoadState();
		await page.close();
		// What "your onboarding workflow" records when it creates the session (the note's table).
		await n8n.n8n.insertDataTableRows(tables['itsme sessions'], [{ sessionId, externalReference: 'closed-tab', status: 'CREATED' }]);
		// No browser came back and this account has no Events: the trigger heard nothing.
		expect(await executionsOf('demo-verified-people.json')).toHaveLength(triggerRuns);

		// "4. Activate the workflow."
		const workflow = await n8n.n8n.rest<{ versionId: string }>('GET', `/workflows/${workflows['reconcile-unfinished-sessions.json']}`);
		await n8n.n8n.rest('POST', `/workflows/${workflows['reconcile-unfinished-sessions.json']}/activate`, { versionId: workflow.versionId });
		const [run] = await n8n.n8n.waitForExecutions(workflows['reconcile-unfinished-sessions.json'], 1);
		expect(run.status).toBe('success');
		expect((await rowsOf('itsme sessions')).find((row) => row.sessionId === sessionId)).toEqual(
			expect.objectContaining({ externalReference: 'closed-tab', status: 'SUCCESS', deliveredBy: 'reconcile', ...MAXENCE, nationalNumber: '810424*****' }),
		);
		await n8n.n8n.rest('POST', `/workflows/${workflows['reconcile-unfinished-sessions.json']}/deactivate`);
	});

	it("every sticky note shows all of its text in n8n's editor", async () => {
		// All the examples' notes on one canvas, side by side, so that the editor loads once.
		let x = 0;
		const notes = FILES.flatMap((file) =>
			(loadExample(file).nodes as Node[])
				.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
				.map((note) => {
					const placed = { ...note, name: `${file}: ${note.name}`, position: [x, 0] };
					x += (note.parameters.width as number) + 100;
					return placed;
				}),
		);
		// And one that does not fit, to see the check see it.
		const tooSmall = { name: 'too small', type: 'n8n-nodes-base.stickyNote', typeVersion: 1, position: [x, 0], parameters: { content: '### Configure\n' + '- a line of text\n'.repeat(12), width: 300, height: 120 } };
		const workflowId = await n8n.n8n.importWorkflow({ name: 'The notes of every example', nodes: [...notes, tooSmall], connections: {} }, {}, false);
		const { name, value } = n8n.n8n.sessionCookie;
		await context.addCookies([{ name, value, url: n8n.n8n.url }]);
		const page = await context.newPage();
		await page.goto(`${n8n.n8n.url}/workflow/${workflowId}`);
		await page.waitForSelector('[data-test-id="sticky"]', { timeout: 60_000 });
		await page.waitForTimeout(1000);
		// Where the editor drew each note and where the last of its text ends, in the note's own pixels
		// (the canvas zoom scales both alike). A string: this project compiles without the DOM's types.
		const drawn = (await page.evaluate(`(() => [...document.querySelectorAll('[data-test-id="sticky"]')].map((note) => {
			const box = note.getBoundingClientRect();
			const scale = box.width / note.offsetWidth;
			const walker = document.createTreeWalker(note, NodeFilter.SHOW_TEXT);
			let bottom = box.top, right = box.left;
			for (let text = walker.nextNode(); text; text = walker.nextNode()) {
				const range = document.createRange();
				range.selectNodeContents(text);
				for (const rect of range.getClientRects()) { bottom = Math.max(bottom, rect.bottom); right = Math.max(right, rect.right); }
			}
			return { heading: note.innerText.split('\\n')[0], box: [note.offsetWidth, note.offsetHeight], text: [Math.ceil((right - box.left) / scale), Math.ceil((bottom - box.top) / scale)] };
		}))()`)) as Array<{ heading: string; box: [number, number]; text: [number, number] }>;
		expect(drawn).toHaveLength(notes.length + 1);
		const overflowing = drawn.filter(({ box, text }) => text[0] > box[0] + 1 || text[1] > box[1] + 1);
		expect(overflowing).toEqual([expect.objectContaining({ box: [300, 120] })]);
	});
});
