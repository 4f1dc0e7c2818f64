import { N8nSqlite } from './n8nSqlite';

/**
 * A database fault for tests: while it is on, n8n's SQLite database refuses to insert executions, as
 * a failing database would. A trigger on `execution_entity` raises an error while a flag row is set;
 * both are made from a second connection beside the running n8n. Everything else n8n writes
 * (static data, credentials) goes on.
 */
export class ExecutionSaveFault {
	private readonly database: N8nSqlite;

	constructor(installDir: string, userFolder: string) {
		this.database = new N8nSqlite(installDir, userFolder);
	}

	install(): void {
		this.database.exec(`
			CREATE TABLE IF NOT EXISTS test_execution_save_fault (active INTEGER NOT NULL);
			INSERT INTO test_execution_save_fault SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM test_execution_save_fault);
			CREATE TRIGGER IF NOT EXISTS test_execution_save_fault_insert BEFORE INSERT ON execution_entity
			WHEN (SELECT active FROM test_execution_save_fault) = 1
			BEGIN SELECT RAISE(ABORT, 'injected fault: executions cannot be saved'); END;
		`);
	}

	set(active: boolean): void {
		this.database.exec(`UPDATE test_execution_save_fault SET active = ${active ? 1 : 0};`);
	}
}
