import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { DEFAULT_CLIENT } from '../../test/emulator/server';
import { prepareExamples, VERIFIED_PEOPLE_TABLE } from './examples';
import { communityNodesFolder, RealN8n } from './realN8n';

const root = resolve(__dirname, '../..');
export const LOCAL_FOLDER = join(root, '.n8n-local');

const run = (command: string, args: string[], cwd = root): string =>
	execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString().trim();
const lastLine = (text: string): string => text.split('\n').pop() as string;

export interface DemoOptions {
	userFolder: string;
	port: number;
	emulatorUrl: string;
	/** Load dist/ as custom extensions (editor-only mode of `n8n-node dev`) instead of installing the package. */
	custom?: boolean;
	log?: (line: string) => void;
}

export interface Demo {
	n8n: RealN8n;
	tableId: string;
	/** Workflow id by example file name. */
	workflows: Record<string, string>;
}

/**
 * A real n8n (installed once by scripts/install-n8n.sh) with this package in it, the "Signicat API"
 * credential pointing at the emulator, the "Verified people" data table and the demo workflows
 * imported and active. Expects `dist/` to be built.
 */
export async function startDemo(options: DemoOptions): Promise<Demo> {
	const installDir = lastLine(run('bash', [join(root, 'scripts/install-n8n.sh')]));
	const env: Record<string, string> = {};
	if (options.custom) {
		const extensions = join(LOCAL_FOLDER, 'custom-extensions');
		rmSync(extensions, { recursive: true, force: true });
		cpSync(join(root, 'dist'), extensions, { recursive: true });
		env.N8N_CUSTOM_EXTENSIONS = extensions;
	} else {
		// As a user installs it by hand: the npm pack tarball into ~/.n8n/nodes.
		mkdirSync(LOCAL_FOLDER, { recursive: true });
		const tarball = join(LOCAL_FOLDER, lastLine(run('npm', ['pack', '--silent', '--pack-destination', LOCAL_FOLDER])));
		run('npm', ['install', tarball, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], communityNodesFolder(options.userFolder));
	}

	const n8n = new RealN8n({
		installDir,
		userFolder: options.userFolder,
		port: options.port,
		brokerPort: options.port + 10,
		env,
		log: options.log,
	});
	await n8n.start();
	await n8n.signIn();

	const examples = prepareExamples({ n8nUrl: n8n.url, custom: options.custom ?? false });
	const existing = await n8n.rest<Array<{ id: string; name: string }>>('GET', '/workflows');
	const workflows: Record<string, string> = {};
	let tableId: string;
	if (existing.length === 0) {
		const credentialId = await n8n.createCredential('Signicat API (emulator)', 'signicatApi', {
			clientId: DEFAULT_CLIENT.clientId,
			clientSecret: DEFAULT_CLIENT.clientSecret,
			baseUrl: options.emulatorUrl,
			accountId: '',
		});
		tableId = await n8n.createDataTable(VERIFIED_PEOPLE_TABLE);
		for (const example of examples) {
			workflows[example.file] = await n8n.importWorkflow(example.workflow, { signicatApi: credentialId }, example.activate);
		}
	} else {
		tableId = await n8n.dataTableId(VERIFIED_PEOPLE_TABLE.name);
		for (const example of examples) {
			workflows[example.file] = existing.find((w) => w.name === example.workflow.name)?.id ?? '';
		}
	}
	return { n8n, tableId, workflows };
}
