import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8nStartState } from '../../scripts/n8n/progress';

/** An install folder whose @n8n/db lists `count` SQLite migrations, as n8n's compiled index.js does. */
function installWithMigrations(count: number): string {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-install-'));
	const folder = join(dir, 'node_modules/@n8n/db/dist/migrations/sqlite');
	mkdirSync(folder, { recursive: true });
	const entries = Array.from({ length: count }, (_, i) => `    _${i}_Migration_1.Migration${i},`).join('\n');
	writeFileSync(join(folder, 'index.js'), `"use strict";\nexports.sqliteMigrations = [\n${entries}\n];\n`);
	return dir;
}

describe("what a starting n8n is doing, from its log", () => {
	it('counts the database migrations done against n8n\'s own list, then says the database is ready', () => {
		const state = new N8nStartState(installWithMigrations(3));
		expect(state.state()).toBe('starting');
		state.see('Migrations in progress, please do NOT stop the process.');
		state.see('Starting migration Migration0');
		expect(state.state()).toBe('creating its database, migrations done: 0 of 3');
		state.see('Finished migration Migration0');
		state.see('Starting migration Migration1');
		state.see('Finished migration Migration1');
		expect(state.state()).toBe('creating its database, migrations done: 2 of 3');
		state.see('Finished migration Migration2');
		expect(state.state()).toBe('database ready, loading nodes and workflows');
	});

	it('counts without a total when the list cannot be read', () => {
		const state = new N8nStartState(mkdtempSync(join(tmpdir(), 'no-n8n-')));
		state.see('Starting migration Migration0');
		state.see('Finished migration Migration0');
		expect(state.state()).toBe('creating its database, migrations done: 1');
	});
});
