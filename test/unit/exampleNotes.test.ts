import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { loadExample } from '../../scripts/n8n/examples';

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
