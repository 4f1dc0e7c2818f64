/**
 * The editor's notices are read by the workflow's builder, who is not its operator: they say what to
 * do, in the builder's words, and link to the README for the rest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ItsmeSession } from '../../nodes/ItsmeSession/ItsmeSession.node';
import { ItsmeTrigger } from '../../nodes/ItsmeTrigger/ItsmeTrigger.node';

const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
/** GitHub's anchors of the README's headings: lower case, punctuation dropped, spaces as hyphens. */
const anchors = new Set(
	[...readme.matchAll(/^#{2,4} (.+)$/gm)].map(([, heading]) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-')),
);
const notices = [new ItsmeTrigger(), new ItsmeSession()].flatMap((node) =>
	node.description.properties.filter((property) => property.type === 'notice').map((property) => ({ node: node.description.name, ...property })),
);

describe('the editor notices', () => {
	it('link only to README sections that exist', () => {
		const links = notices.flatMap(({ node, displayName }) => [...displayName.matchAll(/href="[^"#]*#([^"]+)"/g)].map(([, anchor]) => `${node}: #${anchor}`));
		expect(links.length).toBeGreaterThan(0);
		for (const link of links) expect(`${link} ${anchors.has(link.split('#')[1]) ? 'exists' : 'is missing'}`).toBe(`${link} exists`);
	});

	it("the trigger's once-per-session notice tells the builder what to do, and leaves the operator's matters to the README", () => {
		const once = notices.find((notice) => notice.name === 'onceNotice')!.displayName;
		expect(once).toContain('<b>sessionId</b>');
		expect(once).toContain('#once-per-session-and-after-a-restart');
		expect(once).not.toMatch(/multi-main|webhook process|idempoten|statusCheckedAt|n8n process/i);
	});
});
