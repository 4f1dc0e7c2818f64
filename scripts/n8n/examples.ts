import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The example workflows that `npm run dev` and the end-to-end tests load into a real n8n. */
export const DEMO_EXAMPLES = [
	{ file: 'demo-verified-people.json', activate: true },
	{ file: 'demo-start-onboarding.json', activate: true },
	{ file: 'demo-wait-for-completion.json', activate: true },
];

/**
 * The data table the demo workflows write to: one row per finished session, with the external
 * reference the start link was given (`?ref=`, e.g. a CRM contact id). `deliveredBy` is the channel
 * that brought the result first: `callback` (the person's browser came back to the itsme Trigger) or
 * `event` (Signicat's Events service; the later channel starts nothing), or `resume` (Wait for
 * Completion). The personal-data columns are empty for anything but SUCCESS.
 */
export const DEMO_SESSIONS_TABLE = {
	name: 'itsme sessions',
	columns: ['sessionId', 'externalReference', 'status', 'deliveredBy', 'firstName', 'lastName', 'dateOfBirth', 'nationalNumber', 'address'].map((name) => ({
		name,
		type: 'string',
	})),
};

const examplesFolder = resolve(__dirname, '../../examples');

export function loadExample(file: string): Record<string, any> {
	return JSON.parse(readFileSync(join(examplesFolder, file), 'utf8'));
}

/**
 * The demo workflows for an n8n at `n8nUrl`; with `custom`, for n8n's custom-extensions mode,
 * where the package's nodes are named CUSTOM.<node>.
 */
export function prepareExamples(options: { n8nUrl: string; custom: boolean }) {
	return DEMO_EXAMPLES.map(({ file, activate }) => {
		let text = readFileSync(join(examplesFolder, file), 'utf8').replaceAll('http://localhost:5678', options.n8nUrl);
		if (options.custom) text = text.replaceAll('"n8n-nodes-signicat-itsme.', '"CUSTOM.');
		return { file, activate, workflow: JSON.parse(text) as Record<string, any> };
	});
}
