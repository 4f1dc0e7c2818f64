import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { DEMO_TABLES, loadExample, tablesInNotes } from '../../scripts/n8n/examples';

interface WorkflowNode {
	name: string;
	type: string;
	position: [number, number];
	parameters: Record<string, any>;
}

const STICKY_NOTE = 'n8n-nodes-base.stickyNote';
// What n8n draws for a node on the canvas (a trigger or action node is 100 × 100).
const NODE_SIZE = 100;

const files = readdirSync(join(__dirname, '../../examples')).filter((file) => file.endsWith('.json'));

/**
 * How tall n8n 2.41's editor draws a sticky note's markdown (Inter 14px, line height 18.9 px; lists
 * 18.2 px and indented 20 px; "##" 24 px, "###" 16 px), estimated from its text. Calibrated in
 * Chromium against the examples' notes: never shorter than the real text, up to about 40 px taller
 * (lines are counted as if each wrapped early). test/e2e/examples.test.ts measures the real editor.
 */
function estimatedTextHeight(content: string, width: number): number {
	const textWidth = (text: string, letter: number, code: number) =>
		text.split('`').reduce((sum, part, i) => sum + part.replace(/\*/g, '').length * (i % 2 ? code : letter), 0);
	const lines = (text: string, room: number, letter = 6.6, code = 8) => Math.ceil(textWidth(text, letter, code) / (room * 0.93));
	const room = width - 24;
	let height = 9;
	for (const block of content.trim().split(/\n\s*\n/)) {
		let rows = block.split('\n');
		const heading = /^(##|###) (.*)$/.exec(rows[0]);
		if (heading) {
			height += heading[1] === '##' ? lines(heading[2], room, 13, 15) * 32.4 + 8 : lines(heading[2], room, 9, 9.6) * 21.6 + 8;
			rows = rows.slice(1);
		}
		const isItem = (row: string) => /^(- |\d+\. )/.test(row);
		const paragraph = rows.filter((row) => row.trim() !== '' && !isItem(row)).join(' ');
		if (paragraph) height += lines(paragraph, room) * 18.9 + 8;
		const items = rows.filter(isItem).map((row) => row.replace(/^(- |\d+\. )/, ''));
		if (items.length > 0) height += items.reduce((sum, item) => sum + 3.5 + lines(item, room - 20) * 18.2, 0) + 8;
	}
	// The last block's bottom margin is not text.
	return height - 8;
}

/** The Data Table nodes of a workflow: the table each names and the columns it reads or writes. */
function dataTableUses(nodes: WorkflowNode[]) {
	return nodes
		.filter((node) => node.type === 'n8n-nodes-base.dataTable')
		.map((node) => ({
			node: node.name,
			table: node.parameters.dataTableId?.value as string,
			columns: [
				...((node.parameters.filters?.conditions ?? []) as Array<{ keyName: string }>).map((condition) => condition.keyName),
				...Object.keys(node.parameters.columns?.value ?? {}),
			],
		}));
}

const itsmeTriggerPaths = files.flatMap((file) =>
	(loadExample(file).nodes as Array<WorkflowNode & { webhookId?: string }>)
		.filter((node) => node.type.endsWith('.itsmeTrigger'))
		.map((node) => `/webhook/${node.webhookId}/itsme`),
);

describe.each(files)('example %s explains itself on the canvas', (file) => {
	const nodes = loadExample(file).nodes as WorkflowNode[];
	const notes = nodes.filter((node) => node.type === STICKY_NOTE);
	const text = notes.map((note) => String(note.parameters.content ?? '')).join('\n');

	it('has sticky notes saying what it does and what to configure', () => {
		expect(notes.length).toBeGreaterThanOrEqual(2);
		expect(text).toMatch(/^## \S/m);
		expect(text).toMatch(/^### Configure$/m);
	});

	it('names every node whose settings need you (credentials) in the notes', () => {
		for (const node of nodes.filter((n) => n.type !== STICKY_NOTE && 'credentials' in n)) expect(`${file}: ${text.includes(node.name) ? node.name : 'missing'}`).toBe(`${file}: ${node.name}`);
	});

	it('says where the itsme Trigger URL goes when the example sends the person to a trigger or is one', () => {
		const usesTrigger = nodes.some((n) => n.type.endsWith('.itsmeTrigger') || n.parameters.callbackMode === 'trigger');
		if (usesTrigger) expect(text).toMatch(/Production URL[\s\S]*Trigger URL|Trigger URL[\s\S]*Production URL/);
	});

	it('shows all of its text: no note cuts off its last lines', () => {
		for (const note of notes) {
			const { content, width, height } = note.parameters as { content: string; width: number; height: number };
			const needed = Math.ceil(estimatedTextHeight(content, width));
			expect(`${note.name}: ${needed > height ? `text about ${needed} px tall in a box of ${height} px` : 'fits'}`).toBe(`${note.name}: fits`);
		}
	});

	it('names every data table its nodes use, with the columns they use and their type', () => {
		const described = tablesInNotes(loadExample(file));
		for (const use of dataTableUses(nodes)) {
			const table = described.find((candidate) => candidate.name === use.table);
			expect(`${use.node} → ${use.table}: ${table ? 'described' : 'not in the notes'}`).toBe(`${use.node} → ${use.table}: described`);
			expect(table?.columns.map((column) => column.name)).toEqual(expect.arrayContaining(use.columns));
		}
	});

	it('ships no URL that works on one machine only: callbacks go to an example trigger by its path', () => {
		for (const node of nodes.filter((n) => n.type !== STICKY_NOTE)) {
			expect(`${node.name}: ${JSON.stringify(node.parameters).match(/https?:\/\/[^"\s]*/i)?.[0] ?? 'no URL'}`).toBe(`${node.name}: no URL`);
			if (node.parameters.callbackMode === 'trigger') expect(itsmeTriggerPaths).toContain(node.parameters.triggerUrl);
		}
	});

	it('does not cover any node', () => {
		for (const note of notes) {
			const [left, top] = note.position;
			const { width, height } = note.parameters as { width: number; height: number };
			for (const node of nodes.filter((n) => n.type !== STICKY_NOTE)) {
				const [x, y] = node.position;
				const overlaps = x < left + width && x + NODE_SIZE > left && y < top + height && y + NODE_SIZE > top;
				expect(`${note.name} over ${node.name}: ${overlaps}`).toBe(`${note.name} over ${node.name}: false`);
			}
		}
	});
});

describe('the demo', () => {
	it('creates its tables as the notes of every example using them describe them', () => {
		for (const file of files) {
			for (const table of tablesInNotes(loadExample(file))) {
				const created = DEMO_TABLES.find((demoTable) => demoTable.name === table.name);
				if (created) expect(created.columns).toEqual(expect.arrayContaining(table.columns));
			}
		}
		const columns = (names: string) => names.split(' ').map((name) => `${name}: string`);
		expect(Object.fromEntries(DEMO_TABLES.map((table) => [table.name, table.columns.map((column) => `${column.name}: ${column.type}`)]))).toEqual({
			'itsme applications': columns('sessionId firstName lastName dateOfBirth'),
			'itsme sessions': columns('sessionId externalReference status decision reasons deliveredBy firstName lastName dateOfBirth nationalNumber address'),
		});
	});
});
