/**
 * What npm publishes: the `npm pack` tarball holds what a user of the nodes needs and nothing else,
 * and package.json's metadata is coherent (one repository, a licence that is shipped, the README's
 * Node.js version and links, a changelog section for the version). Needs `npm run build` (npm test builds first).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { packedPackage, type PackedPackage } from '../../scripts/packedPackage';
import { anchorsOf, fileOf, REPOSITORY } from '../harness/repositoryLinks';

const root = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const manifest = JSON.parse(read('package.json'));

describe('the npm tarball', () => {
	let packed: PackedPackage;
	beforeAll(() => {
		packed = packedPackage();
	});
	afterAll(() => rmSync(dirname(packed.tarball), { recursive: true, force: true }));

	it('holds the compiled nodes and credential, their icons and codex files, README, LICENSE, CHANGELOG, package.json and its empty entry point only', () => {
		const outsideDist = packed.files.filter((path) => !path.startsWith('dist/'));
		// index.js: the package's `main` (the layout of n8n's starter); n8n itself reads the "n8n" section.
		expect(outsideDist).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'index.js', 'package.json']);
		const kinds = new Set(packed.files.filter((path) => path.startsWith('dist/')).map((path) => path.replace(/^.*?(\.[a-z]+)$/, '$1')));
		// No type declarations, source maps, tests or sources: n8n loads the .js and the codex .json, the editor the icons.
		expect([...kinds].sort()).toEqual(['.js', '.json', '.svg']);
		expect(packed.files).toEqual(expect.arrayContaining([...manifest.n8n.nodes, ...manifest.n8n.credentials]));
		expect(packed.files.some((path) => /test|emulator|\.ts$/.test(path))).toBe(false);
	});

	it('carries every icon the nodes and the credential name', () => {
		const icons = packed.files
			.filter((path) => path.endsWith('.js'))
			.flatMap((path) => [...readFileSync(join(packed.folder, path), 'utf8').matchAll(/'file:([\w.-]+\.svg)'/g)].map((match) => join(dirname(path), match[1])));
		expect(icons.length).toBeGreaterThanOrEqual(4);
		for (const icon of icons) expect(packed.files).toContain(icon);
	});

	it("carries each node's codex beside its class, as n8n reads it (<node file>.json), and no other JSON", () => {
		const codexFiles = manifest.n8n.nodes.map((node: string) => node.replace(/\.js$/, '.json'));
		expect(packed.files.filter((path) => path.startsWith('dist/') && path.endsWith('.json'))).toEqual(codexFiles.sort());
		for (const codex of codexFiles) {
			expect(JSON.parse(readFileSync(join(packed.folder, codex), 'utf8'))).toEqual(JSON.parse(read(codex.replace(/^dist\//, ''))));
		}
	});

	it('ships the MIT licence that package.json declares', () => {
		expect(manifest.license).toBe('MIT');
		expect(readFileSync(join(packed.folder, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} .+\n[\s\S]*Permission is hereby granted, free of charge/);
	});
});

describe('package.json', () => {
	it('names one public GitHub repository for the code, the homepage and the issues', () => {
		const match = /^git\+https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\.git$/.exec(manifest.repository.url);
		expect(match).not.toBeNull();
		const repository = `https://github.com/${match![1]}`;
		expect(manifest.repository.type).toBe('git');
		expect(manifest.homepage).toBe(`${repository}#readme`);
		expect(manifest.bugs.url).toBe(`${repository}/issues`);
	});

	it('has an author with a name and an email address', () => {
		expect(manifest.author.name).toMatch(/\S/);
		expect(manifest.author.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/);
	});

	it("asks for the Node.js the README's first screen states", () => {
		const stated = /Requirements: [^.]*?Node\.js (\d+(?:\.\d+)*)/.exec(read('README.md'));
		expect(stated).not.toBeNull();
		expect(manifest.engines).toEqual({ node: `>=${stated![1]}` });
	});

	it("links from the README, which npm ships alone, to files of the repository that exist, by absolute links, and to headings that exist", () => {
		const readme = read('README.md');
		const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target);
		const relative = links.filter((target) => !/^(https?:|#)/.test(target));
		expect(relative).toEqual([]);
		const inRepository = links.filter((target) => target.startsWith(`${REPOSITORY}/blob/main/`) || target.startsWith('#'));
		expect(inRepository.length).toBeGreaterThan(5);
		for (const target of inRepository) {
			const [url, anchor] = target.split('#');
			const file = url ? fileOf(url) : 'README.md';
			const found = existsSync(join(root, file)) && (!anchor || anchorsOf(file).has(anchor));
			expect(`${target} ${found ? 'exists' : 'is missing'}`).toBe(`${target} exists`);
		}
	});

	it('has a CHANGELOG section for its version', () => {
		expect(read('CHANGELOG.md')).toMatch(new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}\\b`, 'm'));
	});

	it('builds dist/ whenever it is packed or published (prepack), and no project setting turns that script off', () => {
		expect(manifest.scripts.prepack).toBe('npm run build');
		// ignore-scripts in the project's .npmrc would skip prepack: a fresh clone's npm pack would hold no dist/.
		const npmrc = existsSync(join(root, '.npmrc')) ? read('.npmrc') : '';
		expect(npmrc).not.toMatch(/^\s*ignore-scripts\s*=\s*true/m);
		// The dependencies' install scripts stay off another way: npm 11.16 and later read this record of each one refused.
		expect(Object.values(manifest.allowScripts).every((allowed) => allowed === false)).toBe(true);
	});

	it('keeps runtime dependencies out, as n8n Cloud requires', () => {
		expect(manifest.dependencies).toBeUndefined();
		expect(manifest.keywords).toContain('n8n-community-node-package');
	});
});
