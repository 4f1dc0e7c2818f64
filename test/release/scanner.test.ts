/**
 * n8n's verification scanner, offline: the lint stages of `@n8n/scan-community-package` (the
 * attested source with its source patterns, the unpacked `npm pack` tarball with its tarball
 * patterns) through scripts/scanPackage.ts. Needs `npm run build` (npm test builds first).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { packedPackage, type PackedPackage } from '../../scripts/packedPackage';

jest.setTimeout(120_000);
const root = resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function scan(...args: string[]) {
	const run = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'scripts/scanPackage.ts'), ...args], {
		cwd: root,
		encoding: 'utf8',
	});
	return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

let packed: PackedPackage;
let copies: string;
beforeAll(() => {
	packed = packedPackage();
	copies = mkdtempSync(join(tmpdir(), 'scan-copies-'));
});
afterAll(() => {
	rmSync(dirname(packed.tarball), { recursive: true, force: true });
	rmSync(copies, { recursive: true, force: true });
});

it('the tarball holds the built nodes and credential the scanner must see', () => {
	expect(packed.files).toEqual(expect.arrayContaining([...manifest.n8n.nodes, ...manifest.n8n.credentials]));
});

it('finds 0 violations in the source and in the tarball', () => {
	const { status, output } = scan('--source', root, '--tarball', packed.folder);
	expect(output).toContain('✅ source stage (package.json, {nodes,credentials}/**/*.{js,ts,json}');
	expect(output).toContain('✅ tarball stage (**/*.js, package.json');
	expect(output.match(/: 0 violations/g)).toHaveLength(2);
	expect(status).toBe(0);
});

it('reports a source file that uses a global n8n Cloud forbids', () => {
	const source = join(copies, 'source');
	for (const part of ['package.json', 'nodes', 'credentials']) cpSync(join(root, part), join(source, part), { recursive: true });
	appendFileSync(join(source, 'nodes/shared/auth/baseUrl.ts'), '\nexport const home = () => process.env.HOME;\n');
	const { status, output } = scan('--source', source);
	expect(output).toContain('❌ source stage');
	expect(output).toMatch(/nodes\/shared\/auth\/baseUrl\.ts\s+\d+:\d+\s+error\s+Use of restricted global 'process' is not allowed\s+@n8n\/community-nodes\/no-restricted-globals/);
	expect(status).toBe(1);
});

it('reports a tarball whose compiled code was changed after the build', () => {
	const tarball = join(copies, 'tarball');
	cpSync(packed.folder, tarball, { recursive: true });
	appendFileSync(join(tarball, 'dist/nodes/shared/auth/baseUrl.js'), '\nsetTimeout(() => undefined, 1);\n');
	const { status, output } = scan('--tarball', tarball);
	expect(output).toContain('❌ tarball stage');
	expect(output).toMatch(/dist\/nodes\/shared\/auth\/baseUrl\.js\s+\d+:\d+\s+error\s+Use of restricted global 'setTimeout' is not allowed/);
	expect(status).toBe(1);
});

it('reports a published package.json that n8n refuses', () => {
	const tarball = join(copies, 'tarball-manifest');
	cpSync(packed.folder, tarball, { recursive: true });
	const published = JSON.parse(readFileSync(join(tarball, 'package.json'), 'utf8'));
	published.overrides = { zod: '3.25.76' };
	writeFileSync(join(tarball, 'package.json'), JSON.stringify(published, null, 2));
	const { status, output } = scan('--tarball', tarball);
	expect(output).toMatch(/package\.json[\s\S]*no-overrides-field/);
	expect(status).toBe(1);
});
