/**
 * `npm run dev`: the product on this machine. Builds the package, starts the Signicat emulator,
 * installs (first run only) and starts a real n8n with the package, creates the "Signicat API"
 * credential for the emulator, imports and activates the example workflows, and prints what to open.
 *
 *   npm run dev               the package installed as a user installs it (npm pack → ~/.n8n/nodes)
 *   npm run dev -- --custom   editor-only mode of `n8n-node dev`: dist/ loaded as custom extensions
 *   npm run dev -- --queue    n8n scaled out as its scaling guide draws it: Redis, PostgreSQL, two
 *                             `n8n webhook` processes behind HAProxy (port N8N_PORT + 40; every
 *                             delivery of one session to the same process) receiving the production
 *                             webhooks, main out of that pool, two workers (a fresh database each run)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { DEFAULT_CLIENT, SignicatEmulator } from '../test/emulator/server';
import { type Demo, type DemoLink, demoLinks, installN8n, LOCAL_FOLDER, startDemo } from './n8n/demo';
import { OWNER } from './n8n/realN8n';
import { QueueServices } from './n8n/queueServices';
import { stopOnSignal } from './n8n/stopOnSignal';

const custom = process.argv.includes('--custom');
const queue = process.argv.includes('--queue');

/** What is running so far, for Ctrl-C at any moment. */
let emulator: SignicatEmulator | undefined;
let services: QueueServices | undefined;
let demo: Demo | undefined;
stopOnSignal(async () => {
	await demo?.stop();
	await services?.stop();
	await emulator?.stop();
});

async function main() {
	const started = Date.now();
	// The first run installs n8n (minutes): do that while the package builds; startDemo awaits it.
	const install = installN8n().catch(() => undefined); // a failure is reported by startDemo
	console.log('Building the package…');
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: resolve(__dirname, '..'), stdio: 'inherit' });

	emulator = new SignicatEmulator({ port: Number(process.env.SIGNICAT_EMULATOR_PORT ?? 8990), host: '127.0.0.1' });
	await emulator.start();
	console.log(`Signicat emulator on ${emulator.url}`);
	services = queue ? new QueueServices({ folder: mkdtempSync(join(tmpdir(), 'n8n-queue-')), redisPort: 6389, postgresPort: 5439 }) : undefined;
	await services?.start();
	if (services) console.log('Redis and PostgreSQL started for queue mode');
	await install;
	console.log('Installing the package into n8n and starting n8n…');
	demo = await startDemo({
		userFolder: queue ? mkdtempSync(join(tmpdir(), 'n8n-dev-queue-')) : join(LOCAL_FOLDER, custom ? 'dev-home-custom' : 'dev-home'),
		port: Number(process.env.N8N_PORT ?? 5678),
		emulatorUrl: emulator.url,
		custom,
		env: services?.n8nEnv,
		workers: queue ? 2 : 0,
		webhookProcesses: queue ? { count: 2, loadBalancerPort: Number(process.env.N8N_PORT ?? 5678) + 40 } : undefined,
		log: process.env.N8N_LOG ? (line, name) => console.log(`[n8n ${name}] ${line}`) : undefined,
		progress: true,
	});

	const links = await demoLinks(demo);
	const list = (items: DemoLink[]) => items.map(({ label, url }) => `  ${label.padEnd(54)} ${url}`).join('\n');
	console.log(`
Ready in ${Math.round((Date.now() - started) / 1000)} s${custom ? ' (custom-extensions mode)' : ''}${queue ? ` (scaled: HAProxy on ${demo.webhookUrl} → two webhook processes, each session on one; main out of the pool; two workers)` : ''}.

Be the person (Chromium, Firefox, …):
${list(links.person)}
  ${''.padEnd(54)} each asks for a name and date of birth: pick that test person on the itsme page
  ${''.padEnd(54)} and the row says proceed, another one (or a typo) and it says review, with the reasons
  ${''.padEnd(54)} add ?lang=nl, fr or de for another language, &ref=crm-42 for your reference

See it in n8n (sign in as ${OWNER.email} / ${OWNER.password}):
${list(links.editor)}

  ${'Signicat emulator (test people, Events, controls)'.padEnd(54)} ${emulator.url}   (client ${DEFAULT_CLIENT.clientId} / ${DEFAULT_CLIENT.clientSecret})

  ${'Signicat Events (the itsme Trigger\'s second channel)'.padEnd(54)} the emulator delivers every finished session to
  ${''.padEnd(54)} ${demo.eventsUrl}
  ${''.padEnd(54)} (try "Approve in the itsme app and close this tab" on the itsme page)

Press Ctrl-C to stop (n8n too).`);
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
