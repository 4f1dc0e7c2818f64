import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { ServerProcess } from './serverProcess';

const root = resolve(__dirname, '../..');

export interface QueueServicesOptions {
	/** A fresh folder for the database cluster. */
	folder: string;
	redisPort: number;
	postgresPort: number;
	log?: (line: string) => void;
}

/**
 * What n8n's queue mode needs beside n8n: Redis (the job queue) and PostgreSQL (the database every
 * n8n process shares; n8n does not support queue mode on SQLite). Both from Debian's packages, on
 * loopback, throw-away: the cluster is created fresh in `folder` and tuned for tests, not durability.
 */
export class QueueServices {
	private readonly redis: ServerProcess;
	private readonly postgres: ServerProcess;

	constructor(private readonly options: QueueServicesOptions) {
		execFileSync('bash', [join(root, 'scripts/ensure-debian-packages.sh'), 'redis-server', 'postgresql'], { stdio: 'inherit' });
		const { folder, redisPort, postgresPort, log } = options;
		this.redis = new ServerProcess('redis', 'redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
			readyLine: 'Ready to accept connections',
			log,
		});

		// PostgreSQL refuses to run as root: as root, run it as the postgres user the package created.
		const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
		const bin = postgresBinaries();
		const data = join(folder, 'data');
		mkdirSync(data, { recursive: true });
		if (asPostgres.length) {
			const postgresUser = execFileSync('id', ['-u', 'postgres']).toString().trim();
			chownSync(folder, Number(postgresUser), Number(postgresUser));
			chownSync(data, Number(postgresUser), Number(postgresUser));
		}
		const [command, ...prefix] = [...asPostgres, join(bin, 'initdb')];
		execFileSync(command, [...prefix, '--pgdata', data, '--username', 'postgres', '--auth', 'trust', '--no-sync'], { stdio: 'ignore' });
		const [postgresCommand, ...postgresPrefix] = [...asPostgres, join(bin, 'postgres')];
		this.postgres = new ServerProcess(
			'postgres',
			postgresCommand,
			[
				...postgresPrefix,
				'-D', data,
				'-p', String(postgresPort),
				'-k', data,
				'-c', 'listen_addresses=127.0.0.1',
				'-c', 'fsync=off',
				'-c', 'synchronous_commit=off',
				'-c', 'full_page_writes=off',
				'-c', 'max_connections=200',
			],
			{ readyLine: 'database system is ready to accept connections', log },
		);
	}

	async start(): Promise<void> {
		await Promise.all([this.redis.start(30_000), this.postgres.start(60_000)]);
	}

	async stop(): Promise<void> {
		await Promise.all([this.redis.stop(), this.postgres.stop()]);
	}

	/** One query on the database as its superuser: unaligned rows, '|' between columns (for the bench's samples). */
	async query(sql: string): Promise<string> {
		const { stdout } = await promisify(execFile)(join(postgresBinaries(), 'psql'), ['-h', '127.0.0.1', '-p', String(this.options.postgresPort), '-U', 'postgres', '-d', 'postgres', '-At', '-c', sql]);
		return stdout;
	}

	/**
	 * The environment that puts an n8n process (main, worker or webhook) in queue mode on these
	 * services, with the settings the operator's guide advises: n8n's default of 2 database
	 * connections per process turned simultaneous sessions into n8n's own "Database is not ready"
	 * answers, and lazy isolates spare n8n an expression isolate per webhook call (docs/operating.md).
	 */
	get n8nEnv(): Record<string, string> {
		return {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.options.redisPort),
			...this.databaseEnv,
			DB_POSTGRESDB_POOL_SIZE: '10',
			N8N_EXPRESSION_ENGINE_POOL_SIZE: '4',
			N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
		};
	}

	/** The environment that gives an n8n process this PostgreSQL as its database (without queue mode). */
	get databaseEnv(): Record<string, string> {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.options.postgresPort),
			DB_POSTGRESDB_DATABASE: 'postgres',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
		};
	}
}

/** The bin folder of the newest PostgreSQL that Debian's packages installed. */
function postgresBinaries(): string {
	const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
	if (!versions.length) throw new Error('PostgreSQL is not installed (/usr/lib/postgresql is empty)');
	return join('/usr/lib/postgresql', versions[0], 'bin');
}
