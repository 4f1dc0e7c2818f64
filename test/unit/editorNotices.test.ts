/**
 * The editor's notices are read by the workflow's builder, who is not its operator: they say what to
 * do, in the builder's words, and link to the README or the docs for the rest.
 */
import { ItsmeSession } from '../../nodes/ItsmeSession/ItsmeSession.node';
import { ItsmeTrigger } from '../../nodes/ItsmeTrigger/ItsmeTrigger.node';
import { anchorsOf, fileOf, REPOSITORY } from '../harness/repositoryLinks';

const notices = [new ItsmeTrigger(), new ItsmeSession()].flatMap((node) =>
	node.description.properties.filter((property) => property.type === 'notice').map((property) => ({ node: node.description.name, ...property })),
);

describe('the editor notices', () => {
	it('link only to sections of this repository that exist', () => {
		const links = notices.flatMap(({ node, displayName }) => [...displayName.matchAll(/href="([^"#]*)#([^"]+)"/g)].map(([, url, anchor]) => ({ node, url, anchor })));
		expect(links.length).toBeGreaterThan(0);
		for (const { node, url, anchor } of links) {
			const link = `${node}: ${fileOf(url)}#${anchor}`;
			expect(`${link} ${url.startsWith(REPOSITORY) && anchorsOf(fileOf(url)).has(anchor) ? 'exists' : 'is missing'}`).toBe(`${link} exists`);
		}
	});

	it("the trigger's once-per-session notice tells the builder what to do, and leaves the operator's matters to the operator's guide", () => {
		const once = notices.find((notice) => notice.name === 'onceNotice')!.displayName;
		expect(once).toContain('<b>sessionId</b>');
		expect(once).toContain(`${REPOSITORY}/blob/main/docs/operating.md#once-per-session-and-after-a-restart`);
		expect(once).not.toMatch(/multi-main|webhook process|idempoten|statusCheckedAt|n8n process/i);
	});
});
