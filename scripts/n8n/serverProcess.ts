import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

/** Every server process started and not yet exited, to stop whatever is left (Ctrl-C during a start). */
const running = new Set<ServerProcess>();
// Each runs in its own process group, so Ctrl-C in a terminal does not reach it: a script that ends
// without stopping it (an uncaught error) still asks it to stop rather than leave it behind.
process.once('exit', () => {
	for (const server of running) server.signal('SIGTERM');
});

/** Kills every server process still running, without waiting. */
export function killAllServers(): void {
	for (const server of running) server.signal('SIGKILL');
}

/** Stops every server process still running. */
export async function stopAllServers(): Promise<void> {
	await Promise.all([...running].map(async (server) => await server.stop()));
}

export interface ServerProcessOptions extends SpawnOptions {
	readyLine: string;
	log?: (line: string) => void;
	/**
	 * A file the process gets as its file descriptor 3: for output that must not be lost (HAProxy's
	 * request log: it drops lines that a pipe cannot take at once, a file takes them all). Opened to
	 * append, but a process may switch that off (HAProxy does): give each start a fresh file.
	 */
	fd3File?: string;
}

/**
 * A long-running server process (n8n, Redis, PostgreSQL, HAProxy) started in its own process group,
 * ready once it prints `readyLine`, and stopped with everything it spawned.
 */
export class ServerProcess {
	private child?: ChildProcess;
	/** The last lines it printed, to explain a failure. */
	readonly recent: string[] = [];

	constructor(
		readonly name: string,
		private readonly command: string,
		private readonly args: string[],
		private readonly options: ServerProcessOptions,
	) {}

	get pid(): number | undefined {
		return this.child?.pid;
	}

	/** Starts the process (again, after stop()), with `env` added to its environment for this run. */
	async start(timeoutMs = 180_000, env: Record<string, string> = {}): Promise<void> {
		const { readyLine, log = () => {}, fd3File, ...spawnOptions } = this.options;
		const fd3 = fd3File === undefined ? undefined : openSync(fd3File, 'a');
		const child = spawn(this.command, this.args, {
			...spawnOptions,
			env: { ...(spawnOptions.env ?? process.env), ...env },
			stdio: ['ignore', 'pipe', 'pipe', ...(fd3 === undefined ? [] : [fd3])],
			detached: true,
		});
		// The child has its own copy of the descriptor.
		if (fd3 !== undefined) closeSync(fd3);
		this.child = child;
		running.add(this);
		child.once('exit', () => running.delete(this));
		let ready!: () => void;
		const isReady = new Promise<void>((resolve) => (ready = resolve));
		const onOutput = (chunk: Buffer) => {
			for (const line of chunk.toString().split('\n')) {
				if (!line.trim()) continue;
				log(line);
				this.recent.push(line);
				if (this.recent.length > 30) this.recent.shift();
				if (line.includes(readyLine)) ready();
			}
		};
		child.stdout?.on('data', onOutput);
		child.stderr?.on('data', onOutput);
		const exited = new Promise<never>((_, reject) =>
			child.once('exit', (code) => reject(new Error(`${this.name} exited with code ${code} before it was ready; its last lines:\n${this.recent.join('\n')}`))),
		);
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`${this.name} was not ready within ${timeoutMs / 1000} s; its last lines:\n${this.recent.join('\n')}`)), timeoutMs);
		});
		try {
			await Promise.race([isReady, exited, timeout]);
		} finally {
			clearTimeout(timer);
		}
	}

	/** Sends `signal` to the process and everything it spawned, if it still runs. */
	signal(signal: NodeJS.Signals): void {
		const child = this.child;
		if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
		try {
			process.kill(-child.pid, signal);
		} catch {
			// Gone in the meantime.
		}
	}

	async stop(): Promise<void> {
		const child = this.child;
		if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		this.signal('SIGTERM');
		const timer = setTimeout(() => this.signal('SIGKILL'), 15_000);
		await exited;
		clearTimeout(timer);
	}
}
