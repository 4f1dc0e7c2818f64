import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Prints every `everyMs` one line saying what a long step is doing (`state()`) and for how long,
 * so that a first run is not a silent wait. Returns the function that ends the reports.
 */
export function reportEvery(step: string, state: () => string, everyMs = 10_000): () => void {
	const started = Date.now();
	const seconds = () => Math.round((Date.now() - started) / 1000);
	const timer = setInterval(() => console.log(`  ${step}: ${state()}, ${seconds()} s`), everyMs);
	return () => {
		clearInterval(timer);
		console.log(`  ${step}: done in ${seconds()} s`);
	};
}

/**
 * What a starting n8n is doing, read from its log: on the first start it creates its database
 * through a few hundred migrations (most of that start), then loads its nodes and workflows.
 */
export class N8nStartState {
	private migrated = 0;
	private migrating = false;
	/** How many SQLite migrations this n8n has, when its migration list can be read. */
	private readonly total?: number;

	constructor(installDir: string) {
		this.total = countSqliteMigrations(installDir);
	}

	see(line: string): void {
		if (line.includes('Starting migration')) this.migrating = true;
		if (line.includes('Finished migration')) this.migrated++;
	}

	state(): string {
		if (!this.migrating) return 'starting';
		const of = this.total ? ` of ${this.total}` : '';
		return this.total && this.migrated >= this.total ? 'database ready, loading nodes and workflows' : `creating its database, migrations done: ${this.migrated}${of}`;
	}
}

/** The length of n8n's list of SQLite migrations in its compiled @n8n/db, or undefined. */
function countSqliteMigrations(installDir: string): number | undefined {
	try {
		const source = readFileSync(join(installDir, 'node_modules/@n8n/db/dist/migrations/sqlite/index.js'), 'utf8');
		const list = /exports\.sqliteMigrations = \[([^\]]*)\]/.exec(source)?.[1];
		return list?.split(',').filter((entry) => entry.trim()).length || undefined;
	} catch {
		return undefined;
	}
}
