import { DEFAULT_CLIENT, SignicatEmulator } from './server';

const port = Number(process.env.SIGNICAT_EMULATOR_PORT ?? 8990);
const emulator = new SignicatEmulator({ port, host: process.env.SIGNICAT_EMULATOR_HOST ?? '127.0.0.1' });
// A webhook to deliver Signicat's events to, as a user would set up in the Dashboard (a secret may ride in its query).
const eventsUrl = process.env.SIGNICAT_EMULATOR_EVENTS_URL;

void emulator.start().then((url) => {
	if (eventsUrl) emulator.events.subscribe({ url: eventsUrl });
	console.log(`Signicat emulator listening on ${url}`);
	console.log(`  Base URL:      ${url}`);
	console.log(`  Client ID:     ${DEFAULT_CLIENT.clientId}`);
	console.log(`  Client Secret: ${DEFAULT_CLIENT.clientSecret}`);
	console.log(`  Controls:      ${url}/__emulator/requests, /reset, /latency, /fail, /revoke-tokens, /clock`);
	console.log(`  Events:        ${url}/__emulator/events/subscriptions, /events/settings, /events/test, /events/deliveries`);
	console.log(`  Events to:     ${eventsUrl ?? 'nowhere yet (set SIGNICAT_EMULATOR_EVENTS_URL or POST /__emulator/events/subscriptions)'}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => void emulator.stop().then(() => process.exit(0)));
}
