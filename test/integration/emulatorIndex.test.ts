import { EMULATOR_CONTROLS, EMULATOR_README_URL } from '../emulator/indexPage';
import { TEST_PERSONS } from '../emulator/persons';
import { DEFAULT_CLIENT } from '../emulator/server';
import { useEmulator } from '../harness/fixtures';

const emulator = useEmulator();

describe('Signicat emulator: its index page', () => {
	async function openIndex() {
		const response = await fetch(`${emulator.url}/`);
		return { response, html: await response.text() };
	}

	it('answers its printed URL with a page saying what it is and how to connect n8n', async () => {
		const { response, html } = await openIndex();
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(html).toContain('<h1>Signicat emulator</h1>');
		expect(html).toContain(`Base URL <code>${emulator.url}</code>`);
		expect(html).toContain(`<code>${DEFAULT_CLIENT.clientId}</code>`);
		expect(html).toContain(`<code>${DEFAULT_CLIENT.clientSecret}</code>`);
		expect(html).toContain(`<a href="${EMULATOR_README_URL}">`);
	});

	it('lists the test people by name, without their national numbers or birth dates', async () => {
		const { html } = await openIndex();
		const people = /<ul id="persons">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
		expect(people.match(/<li>/g)).toHaveLength(TEST_PERSONS.length);
		for (const person of TEST_PERSONS) {
			expect(people).toContain(`${person.firstName} ${person.lastName}`);
			expect(html).not.toContain(person.nin.value);
			expect(html).not.toContain(person.dateOfBirth);
		}
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
