/**
 * `npm run dev`: the product on this machine. Builds the package, starts the Signicat emulator,
 * installs (first run only) and starts a real n8n with the package, creates the "Signicat API"
 * credential for the emulator, imports and activates the example workflows, and prints what to open.
 *
 *   npm run dev               the package installed as a user installs it (npm pack → ~/.n8n/nodes)
 *   npm run dev -- --custom   editor-only mode of `n8n-node dev`: dist/ loaded as custom extensions
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { DEFAULT_CLIENT, SignicatEmulator } from '../test/emulator/server';
import { communityNodesFolder, RealN8n } from './n8n/realN8n';
import { prepareExamples, VERIFIED_PEOPLE_TABLE } from './n8n/examples';

const root = resolve(__dirname, '..');
const local = join(root, '.n8n-local');
const custom = process.argv.includes('--custom');
const n8nPort = Number(process.env.N8N_PORT ?? 5678);
const emulatorPort = Number(process.env.SIGNICAT_EMULATOR_PORT ?? 8990);
const run = (command: string, args: string[], cwd = root) =>
	execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString().trim();

async function main() {
	const started = Date.now();
	console.log('Building the package…');
	run('npm', ['run', 'build', '--silent']);

	const emulator = new SignicatEmulator({ port: emulatorPort, host: '127.0.0.1' });
	await emulator.start();
	console.log(`Signicat emulator on ${emulator.url}`);

	const installDir = run('bash', [join(root, 'scripts/install-n8n.sh')]).split('\n').pop() as string;
	const userFolder = join(local, custom ? 'dev-home-custom' : 'dev-home');
	const env: Record<string, string> = {};
	if (custom) {
		const extensions = join(local, 'custom-extensions');
		rmSync(extensions, { recursive: true, force: true });
		cpSync(join(root, 'dist'), extensions, { recursive: true });
		env.N8N_CUSTOM_EXTENSIONS = extensions;
	} else {
		mkdirSync(local, { recursive: true });
		const tarball = join(local, run('npm', ['pack', '--silent', '--pack-destination', local]).split('\n').pop() as string);
		run('npm', ['install', tarball, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], communityNodesFolder(userFolder));
	}

	const n8n = new RealN8n({ installDir, userFolder, port: n8nPort, brokerPort: n8nPort + 10, env });
	const stop = async () => {
		console.log('\nStopping n8n and the emulator…');
		await n8n.stop();
		await emulator.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	console.log(`Starting n8n on ${n8n.url}…`);
	await n8n.start();
	await n8n.signIn();

	const existing = await n8n.rest<Array<{ name: string }>>('GET', '/workflows');
	if (existing.length === 0) {
		const credentialId = await n8n.createCredential('Signicat API (emulator)', 'signicatApi', {
			clientId: DEFAULT_CLIENT.clientId,
			clientSecret: DEFAULT_CLIENT.clientSecret,
			baseUrl: emulator.url,
			accountId: '',
		});
		await n8n.createDataTable(VERIFIED_PEOPLE_TABLE);
		for (const example of prepareExamples({ n8nUrl: n8n.url, custom })) {
			await n8n.importWorkflow(example.workflow, { signicatApi: credentialId }, example.activate);
		}
	}

	console.log(`
Ready in ${Math.round((Date.now() - started) / 1000)} s.

  n8n editor:          ${n8n.url}   (sign in: owner@example.test / Demo-password-1)
  Start an onboarding: ${n8n.url}/webhook/itsme-demo
  Wait-in-workflow:    ${n8n.url}/webhook/itsme-wait-demo
  Signicat emulator:   ${emulator.url}   (client ${DEFAULT_CLIENT.clientId} / ${DEFAULT_CLIENT.clientSecret})
  Verified people:     the "Verified people" data table (Overview → Data tables)

Press Ctrl-C to stop.`);
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
