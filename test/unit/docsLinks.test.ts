/**
 * The pages under docs/ link to each other, to the README and to bench/results.md by relative links
 * (they are read on GitHub, not shipped): each must name a file and a heading that exist.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

import { anchorsOf, readRepositoryFile } from '../harness/repositoryLinks';

const root = join(__dirname, '../..');
const pages = ['examples/README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

describe('the links of the pages under docs/', () => {
	it.each(pages)('%s links to files and headings that exist', (page) => {
		const links = [...readRepositoryFile(page).matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target).filter((target) => !/^https?:/.test(target));
		for (const target of links) {
			const [path, anchor] = target.split('#');
			const file = path ? normalize(join(dirname(page), path)) : page;
			const found = existsSync(join(root, file)) && (!anchor || !file.endsWith('.md') || anchorsOf(file).has(anchor));
			expect(`${page} → ${target} ${found ? 'exists' : 'is missing'}`).toBe(`${page} → ${target} exists`);
		}
	});
});
