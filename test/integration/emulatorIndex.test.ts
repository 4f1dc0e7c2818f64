import { EMULATOR_CONTROLS, EMULATOR_DOCS_URL } from '../emulator/indexPage';
import { TEST_PERSONS } from '../emulator/persons';
import { DEFAULT_CLIENT } from '../emulator/server';
import { emulatorApi } from '../harness/emulatorApi';
import { useEmulator } from '../harness/fixtures';

const emulator = useEmulator();
const { api } = emulatorApi(emulator);

describe('Signicat emulator: its index page', () => {
	async function openIndex() {
		const response = await fetch(`${emulator.url}/`);
		return { response, html: await response.text() };
	}
	/** The items of the page's list with this id. */
	const listed = (html: string, id: string) => new RegExp(`<ul id="${id}">([\\s\\S]*?)</ul>`).exec(html)?.[1] ?? '';
	/** The names in a list of the page, or in the itsme page's choice of people. */
	const namesIn = (html: string) => [...html.matchAll(/(?:<li>|<span>)([^<]+?)(?: <small>|<\/span>)/g)].map(([, name]) => name.trim());

	it('answers its printed URL with a page saying what it is and how to connect n8n', async () => {
		const { response, html } = await openIndex();
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(html).toContain('<h1>Signicat emulator</h1>');
		expect(html).toContain(`Base URL <code>${emulator.url}</code>`);
		expect(html).toContain(`<code>${DEFAULT_CLIENT.clientId}</code>`);
		expect(html).toContain(`<code>${DEFAULT_CLIENT.clientSecret}</code>`);
		expect(html).toContain(`<a href="${EMULATOR_DOCS_URL}">`);
	});

	it('lists the test people by name, without their national numbers or birth dates', async () => {
		const { html } = await openIndex();
		const people = `${listed(html, 'persons')}${listed(html, 'other-eid-persons')}`;
		expect(people.match(/<li>/g)).toHaveLength(TEST_PERSONS.length);
		for (const person of TEST_PERSONS) {
			expect(people).toContain(`${person.firstName} ${person.lastName}`);
			expect(html).not.toContain(person.nin.value);
			expect(html).not.toContain(person.dateOfBirth);
		}
	});

	it('lists the people as the itsme page offers them: every session offers the first list, a session that allows Norwegian BankID also the second', async () => {
		const { html } = await openIndex();
		const forEverySession = namesIn(listed(html, 'persons'));
		const forOtherEids = namesIn(listed(html, 'other-eid-persons'));
		expect(forOtherEids).toEqual(['Kari Nordmann']);
		expect(listed(html, 'other-eid-persons')).toContain('<code>nbid</code>');

		const request = {
			flow: 'redirect',
			callbackUrls: { success: 'https://example.test/s', abort: 'https://example.test/a', error: 'https://example.test/e' },
			requestedAttributes: ['name'],
		};
		// What the itsme Session node asks for: itsme, plus the Additional Providers.
		const itsmeOnly = await api('POST', '/sessions', { ...request, allowedProviders: ['itsme'] });
		expect(namesIn(await (await fetch(itsmeOnly.body.authenticationUrl)).text())).toEqual(forEverySession);
		const withBankId = await api('POST', '/sessions', { ...request, allowedProviders: ['itsme', 'nbid'] });
		expect(namesIn(await (await fetch(withBankId.body.authenticationUrl)).text())).toEqual([...forEverySession, ...forOtherEids]);
	});

	it('subscribes a webhook to its Events through a form, lists it without its secret, and events then reach it', async () => {
		const form = /<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec((await openIndex()).html);
		expect(form?.[1]).toBe('/__emulator/events/subscriptions');
		expect(form?.[2]).toContain('<input id="subscription-url" name="url" type="url" required');
		expect(form?.[2]).toContain('<label for="subscription-url">Webhook URL</label>');

		// What the browser sends for that form.
		const receiver = 'http://127.0.0.1:9/webhook/abc/events?secret=s3cret-of-the-credential';
		const submitted = await fetch(`${emulator.url}${form![1]}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ url: receiver }).toString(),
			redirect: 'manual',
		});
		expect(submitted.status).toBe(303);
		expect(submitted.headers.get('location')).toBe('/#events');
		expect(emulator.events.subscriptions).toEqual([expect.objectContaining({ url: receiver })]);

		const { html } = await openIndex();
		expect(listed(html, 'subscriptions')).toContain('<code>http://127.0.0.1:9/webhook/abc/events?secret=…</code> <small>every session event</small>');
		expect(html).not.toContain('s3cret-of-the-credential');
	});

	it('refuses a URL that is not http(s), saying so above the form, and subscribes nothing', async () => {
		for (const url of ['javascript:alert(1)', 'ftp://example.test/x', '']) {
			const refused = await fetch(`${emulator.url}/__emulator/events/subscriptions`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ url }).toString(),
			});
			expect(refused.status).toBe(400);
			const html = await refused.text();
			expect(html).toContain('<p class="error" role="alert">Not subscribed: the Webhook URL must be an http(s) URL.</p>');
			expect(html).toContain('<form method="post"');
		}
		expect(emulator.events.subscriptions).toEqual([]);
		// The JSON control is unchanged.
		const json = await fetch(`${emulator.url}/__emulator/events/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"url":"x"}' });
		expect(json.status).toBe(400);
		expect(await json.json()).toMatchObject({ detail: 'url must be an http(s) URL.' });
	});

	it('lists every control, and each one it lists answers', async () => {
		const { html } = await openIndex();
		for (const { route } of EMULATOR_CONTROLS) expect(html).toContain(`<code>${route}</code>`);
		// The parameterless controls it names exist (an unknown control answers 404).
		for (const { route } of EMULATOR_CONTROLS.filter((c) => !c.route.includes('{'))) {
			const [method, path] = route.split(' ');
			expect(`${route}: ${(await fetch(`${emulator.url}${path}`, { method })).status}`).toBe(`${route}: 200`);
		}
	});

	it('is not logged as a request to Signicat', async () => {
		await openIndex();
		expect(emulator.requests).toEqual([]);
	});
});
