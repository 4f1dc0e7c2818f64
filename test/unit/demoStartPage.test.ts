import { Workflow } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { loadExample } from '../../scripts/n8n/examples';
import { NodeTypes } from '../harness/nodeTypes';

/**
 * The demo's start pages (`/webhook/itsme-demo`, `/webhook/itsme-wait-demo`): opened (GET), the
 * link answers a form for the application; sent (POST), the workflow reads that form. Their
 * expressions are evaluated here by n8n's own expression engine, with the item a Webhook node
 * puts out; test/e2e runs them in a real n8n.
 */
const STARTS = [
	{ file: 'demo-start-onboarding.json', webhook: 'Person opens the onboarding link' },
	{ file: 'demo-wait-for-completion.json', webhook: 'Person opens the link' },
];

type Node = { name: string; type: string; parameters: Record<string, any> };
const nodesOf = (file: string) => loadExample(file).nodes as Node[];
const nodeNamed = (file: string, name: string) => nodesOf(file).find((node) => node.name === name) as Node;

/** An expression of the examples evaluated for one item coming in (`$json`). */
function evaluate(expression: string, json: IDataObject): unknown {
	const workflow = new Workflow({
		nodes: [{ id: 'n', name: 'Node', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {}, position: [0, 0] }],
		connections: {},
		active: false,
		nodeTypes: new NodeTypes({}),
	});
	return workflow.expression.getParameterValue(expression, null, 0, 0, 'Node', [{ json }], 'manual', {});
}

/** The page the link answers when opened, for this query and Accept-Language. */
function formPage(file: string, query: IDataObject, acceptLanguage?: string): string {
	const { parameters } = nodeNamed(file, 'Show the application form');
	return evaluate(parameters.responseBody, { query, headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage }, body: {} }) as string;
}

const attribute = (page: string, selector: RegExp) => selector.exec(page)?.[1];
const languageOf = (page: string) => attribute(page, /<html lang="([^"]*)"/);
const hidden = (page: string, name: string) => attribute(page, new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`));

it('is the same page for both demo journeys', () => {
	const [trigger, wait] = STARTS.map(({ file }) => nodeNamed(file, 'Show the application form').parameters);
	expect(wait).toEqual(trigger);
});

describe.each(STARTS)('the start page of $file', ({ file, webhook }) => {
	it('answers a GET with the form and a POST with the journey: the form is posted back to the same link', () => {
		const { parameters } = nodeNamed(file, webhook);
		expect([parameters.multipleMethods, parameters.httpMethod]).toEqual([true, ['GET', 'POST']]);
		const [onGet, onPost] = loadExample(file).connections[webhook].main as Array<Array<{ node: string }>>;
		expect([onGet.map((c) => c.node), onPost.map((c) => c.node)]).toEqual([['Show the application form'], ['Create itsme session']]);
		const page = formPage(file, {});
		expect(page).toContain('<form method="post">');
		expect(page).not.toMatch(/<form[^>]* action=/);
	});

	it.each([
		['?lang= wins', { lang: 'nl' }, 'fr-BE,fr;q=0.9', 'nl', 'Uw aanvraag'],
		["the browser's first language we speak", {}, 'es-ES,es;q=0.9,fr;q=0.8', 'fr', 'Votre demande'],
		['a region counts as its language', {}, 'de-CH', 'de', 'Ihr Antrag'],
		['an unknown ?lang= falls back to the browser', { lang: 'xx' }, 'nl-BE,nl;q=0.9', 'nl', 'Uw aanvraag'],
		['neither: English', {}, undefined, 'en', 'Your application'],
		['a browser of none of ours: English', {}, 'es-ES', 'en', 'Your application'],
	])("speaks the person's language: %s", (_, query, acceptLanguage, language, title) => {
		const page = formPage(file, query, acceptLanguage);
		expect([languageOf(page), attribute(page, /<h1>([^<]*)<\/h1>/), hidden(page, 'lang')]).toEqual([language, title, language]);
	});

	it('asks for first name, last name and date of birth, each with its label; the reference travels in a hidden field', () => {
		const page = formPage(file, { ref: 'crm-42' }, 'en-GB');
		for (const [name, label] of [
			['firstName', 'First name'],
			['lastName', 'Last name'],
			['dateOfBirth', 'Date of birth'],
		]) {
			expect(page).toContain(`<label for="${name}">${label}</label><input id="${name}" name="${name}" required`);
		}
		expect(hidden(page, 'ref')).toBe('crm-42');
	});

	it('writes the reference of the link into the page as text, never as markup', () => {
		const page = formPage(file, { ref: '"><script>alert(1)</script>' });
		expect(page).not.toContain('<script>');
		expect(hidden(page, 'ref')).toBe('&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
	});

	it('reads every field the form sends, by the name the form gives it', () => {
		const page = formPage(file, {});
		const sent = [...page.matchAll(/<input [^>]*name="(\w+)"/g)].map(([, name]) => name);
		expect(sent).toEqual(['firstName', 'lastName', 'dateOfBirth', 'lang', 'ref']);
		const readers = JSON.stringify(nodesOf(file).filter((node) => node.type !== 'n8n-nodes-base.stickyNote' && node.name !== 'Show the application form'));
		for (const name of sent) expect(`${name}: ${new RegExp(`body\\??\\.${name}\\b`).test(readers) ? 'read' : 'not read'}`).toBe(`${name}: read`);
	});

	it('creates the session in the language the form was in, else the browser\'s, with the reference', () => {
		const { options } = nodeNamed(file, 'Create itsme session').parameters as { options: Record<string, string> };
		const create = (json: IDataObject) => Object.fromEntries(Object.entries(options).map(([option, expression]) => [option, evaluate(expression, json)]));
		expect(create({ body: { lang: 'fr', ref: 'crm-42' }, headers: { 'accept-language': 'nl-BE' } })).toEqual({ language: 'fr', acceptLanguage: 'nl-BE', externalReference: 'crm-42' });
		// Posted without the form's hidden fields (e.g. by a script): the browser's language decides in the node.
		expect(create({ body: { firstName: 'Maxence' }, headers: {} })).toEqual({ language: '', acceptLanguage: '', externalReference: '' });
	});
});
