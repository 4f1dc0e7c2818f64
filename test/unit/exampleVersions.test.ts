import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { loadExample } from '../../scripts/n8n/examples';
import { packageNodeTypes } from '../harness/fixtures';

const PACKAGE = 'n8n-nodes-signicat-itsme.';
const files = readdirSync(join(__dirname, '../../examples')).filter((file) => file.endsWith('.json'));

/** The version n8n gives the node when someone adds it: its newest. */
function newestVersion(type: string): number {
	const { version } = packageNodeTypes().getByNameAndVersion(type).description;
	return Math.max(...[version].flat());
}

describe('the examples', () => {
	// An imported example keeps the versions it names; an older one costs more (the itsme Trigger at 1
	// makes n8n evaluate an expression on every webhook call).
	it.each(files)("%s uses this package's nodes at their newest version", (file) => {
		const nodes = (loadExample(file) as { nodes: Array<{ name: string; type: string; typeVersion: number }> }).nodes.filter((node) => node.type.startsWith(PACKAGE));
		expect(nodes.map(({ name, type, typeVersion }) => ({ name, typeVersion: typeVersion === newestVersion(type) ? 'newest' : typeVersion }))).toEqual(
			nodes.map(({ name }) => ({ name, typeVersion: 'newest' })),
		);
	});
});
