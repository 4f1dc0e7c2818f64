/**
 * `npm run dev | tee dev.log`, then Ctrl-C: the terminal sends SIGINT to the whole foreground
 * process group (the script and tee), not to servers in their own process group (n8n). The script
 * must stop them although tee is gone and every write to stdout fails. Played with a stand-in for
 * dev.ts (test/harness/devLikeScript.ts) and a real pipe through tee.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const isRunning = (pid: number): boolean => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

async function until<T>(what: string, check: () => T | undefined, timeoutMs: number): Promise<T> {
	for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(50)) {
		const value = check();
		if (value !== undefined) return value;
	}
	throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
}

/** Starts the stand-in piped through tee, as a terminal's foreground job; returns its server's pid once `readyLine` is logged. */
async function startPiped(args: string[], readyLine: string) {
	const log = join(mkdtempSync(join(tmpdir(), 'dev-tee-')), 'dev.log');
	// As package.json's "dev" runs dev.ts: node --import tsx.
	const job = spawn('bash', ['-c', `node --import tsx test/harness/devLikeScript.ts ${args.join(' ')} | tee "${log}" > /dev/null`], {
		cwd: root,
		detached: true, // its own process group: the "terminal" sends Ctrl-C to all of it
		stdio: 'ignore',
	});
	const ended = new Promise<void>((r) => job.once('exit', () => r()));
	const text = () => {
		try {
			return readFileSync(log, 'utf8');
		} catch {
			return '';
		}
	};
	await until('the stand-in printed its server pid', () => (text().includes(readyLine) ? true : undefined), 30_000);
	const serverPid = Number(/server pid (\d+)/.exec(text())?.[1]);
	return { job, ended, serverPid };
}

describe('Ctrl-C on `npm run dev | tee dev.log`', () => {
	it.each([
		['once everything runs', [], 'server ready'],
		['during the start', ['--slow-start'], 'server pid'],
	])('%s: stops the detached server too, although tee is gone', async (_when, args, readyLine) => {
		const { job, ended, serverPid } = await startPiped(args, readyLine);
		expect(isRunning(serverPid)).toBe(true);

		process.kill(-(job.pid as number), 'SIGINT');
		await ended;
		// The server's own shutdown takes 0.3 s; 10 s is the window for a loaded machine.
		await until('the server stopped', () => (isRunning(serverPid) ? undefined : true), 10_000);
		expect(isRunning(serverPid)).toBe(false);
	}, 60_000);
});
