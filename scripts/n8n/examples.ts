import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The example workflows that `npm run dev` and the end-to-end tests load into a real n8n. */
export const DEMO_EXAMPLES = [
	{ file: 'demo-verified-people.json', activate: true },
	{ file: 'demo-start-onboarding.json', activate: true },
	{ file: 'demo-wait-for-completion.json', activate: true },
];

export interface DataTableSpec {
	name: string;
	columns: Array<{ name: string; type: string }>;
}

/**
 * The data tables an example's sticky notes tell a user to create, as they say it: "the data table
 * `itsme sessions` with these columns, all of type String: `sessionId`, `status`, …". The demo and
 * the end-to-end tests create them from this, so a note that leaves out a column or its type fails
 * there before it fails a user.
 */
export function tablesInNotes(workflow: Record<string, any>): DataTableSpec[] {
	const notes = (workflow.nodes as Array<{ type: string; parameters: { content?: string } }>)
		.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
		.map((node) => node.parameters.content ?? '')
		.join('\n');
	const said = /data table `([^`]+)`[^.]*?columns, all of type (String|Number|Boolean|Date): ((?:`\w+`(?:, )?)+)/g;
	return [...notes.matchAll(said)].map(([, name, type, list]) => ({
		name,
		columns: [...list.matchAll(/`(\w+)`/g)].map(([, column]) => ({ name: column, type: type.toLowerCase() })),
	}));
}

/**
 * Every data table the notes of these workflows describe, with the columns and types they give: a
 * table that several notes name gets every column any of them names.
 */
export function describedTables(workflows: Array<Record<string, any>>): DataTableSpec[] {
	const described = new Map<string, DataTableSpec>();
	for (const { name, columns } of workflows.flatMap(tablesInNotes)) {
		const known = described.get(name)?.columns ?? [];
		described.set(name, { name, columns: [...known, ...columns.filter((column) => !known.some((k) => k.name === column.name))] });
	}
	return [...described.values()];
}

const examplesFolder = resolve(__dirname, '../../examples');

export function loadExample(file: string): Record<string, any> {
	return JSON.parse(readFileSync(join(examplesFolder, file), 'utf8'));
}

/**
 * The data tables of the demo, as its notes describe them: `itsme applications`, what the person
 * typed on the start page (kept by the start workflow under the session's id, looked up by the
 * trigger's workflow), and `itsme sessions`.
 */
export const DEMO_TABLES = describedTables(DEMO_EXAMPLES.map(({ file }) => loadExample(file)));

/**
 * The data table the demo workflows write to: one row per finished session, with the external
 * reference the start link was given (`?ref=`, e.g. a CRM contact id) and, for a verified person,
 * the `decision` on the application (`proceed` or `review`) and its `reasons`. `deliveredBy` is
 * the channel that brought the result first: `callback` (the person's browser came back to the
 * itsme Trigger) or `event` (Signicat's Events service; the later channel starts nothing), or
 * `resume` (Wait for Completion). The personal-data columns are empty for anything but SUCCESS.
 */
export const DEMO_SESSIONS_TABLE = DEMO_TABLES.find((table) => table.name === 'itsme sessions') as DataTableSpec;

/** The demo workflows; with `custom`, for n8n's custom-extensions mode, where the package's nodes are named CUSTOM.<node>. */
export function prepareExamples(options: { custom: boolean }) {
	return DEMO_EXAMPLES.map(({ file, activate }) => {
		let text = readFileSync(join(examplesFolder, file), 'utf8');
		if (options.custom) text = text.replaceAll('"n8n-nodes-signicat-itsme.', '"CUSTOM.');
		return { file, activate, workflow: JSON.parse(text) as Record<string, any> };
	});
}
