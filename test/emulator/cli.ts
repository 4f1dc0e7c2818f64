import { EMULATOR_CONTROLS } from './indexPage';
import { DEFAULT_CLIENT, SignicatEmulator } from './server';

const port = Number(process.env.SIGNICAT_EMULATOR_PORT ?? 8990);
const emulator = new SignicatEmulator({ port, host: process.env.SIGNICAT_EMULATOR_HOST ?? '127.0.0.1' });

void emulator.start().then((url) => {
	console.log(`Signicat emulator listening on ${url}`);
	console.log(`  Base URL:      ${url}`);
	console.log(`  Client ID:     ${DEFAULT_CLIENT.clientId}`);
	console.log(`  Client Secret: ${DEFAULT_CLIENT.clientSecret}`);
	console.log(`  Test people and controls: ${url}/`);
	for (const { route } of EMULATOR_CONTROLS) console.log(`    ${route}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => void emulator.stop().then(() => process.exit(0)));
}
