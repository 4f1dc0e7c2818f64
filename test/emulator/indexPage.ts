import { escapeHtml } from '../../nodes/shared/browser/page';
import type { TestPerson } from './persons';
import type { ApiClient } from './tokens';

/** The emulator's test controls, for its index page (the README's emulator section has the details). */
export const EMULATOR_CONTROLS: ReadonlyArray<{ route: string; does: string }> = [
	{ route: 'GET /__emulator/requests', does: 'the requests received (method, path, status; never bodies)' },
	{ route: 'GET /__emulator/persons', does: 'the test people' },
	{ route: 'POST /__emulator/reset', does: 'forget sessions, tokens, faults, the clock and the request log' },
	{ route: 'POST /__emulator/latency {ms}', does: 'answer every API request this much later' },
	{ route: 'POST /__emulator/fail {count, status, retryAfterSeconds}', does: 'fail the next API requests (or {rate, statuses, seed} at random)' },
	{ route: 'POST /__emulator/revoke-tokens', does: 'revoke every access token' },
	{ route: 'POST /__emulator/clock {advanceSeconds}', does: 'move the clock on (sessions and tokens expire)' },
	{ route: 'POST /__emulator/sessions/{id}/complete {outcome, person, browserReturns}', does: 'finish a session as the person would (browserReturns false: in the app, the browser never comes back)' },
	{ route: 'POST /__emulator/sessions/{id}/end {status}', does: 'end a session the person did not finish: EXPIRED or INVALID (answers the callback URL the browser would get: abort, error)' },
	{ route: 'GET /__emulator/events/subscriptions', does: "the subscriptions of the emulator's Events service" },
	{ route: 'POST /__emulator/events/subscriptions {url, eventNames, headers}', does: 'subscribe a webhook to session events, as in the Signicat Dashboard' },
	{ route: 'DELETE /__emulator/events/subscriptions/{id}', does: 'remove a subscription' },
	{ route: 'GET /__emulator/events/settings', does: 'the retry window, first retry delay, duplicates per delivery and the delay of the first delivery after the browser is sent back' },
	{ route: 'POST /__emulator/events/settings {retryWindowSeconds, firstRetryDelayMs, duplicates, firstDeliveryDelayMs}', does: 'change them' },
	{ route: 'POST /__emulator/events/test {subscriptionId}', does: "send a test event, like the Dashboard's test button" },
	{ route: 'GET /__emulator/events/deliveries', does: 'every delivery attempt (event id, session id, attempt, HTTP status)' },
];

export const EMULATOR_README_URL = 'https://github.com/n8n-nodes-signicat-itsme/n8n-nodes-signicat-itsme#the-signicat-emulator';

/**
 * What a person who opens the emulator's printed URL sees: what it is, how to connect n8n to it,
 * the test people (names only: a page, so no national numbers) and the controls.
 */
export function renderIndexPage(baseUrl: string, client: ApiClient, persons: readonly TestPerson[]): string {
	const people = persons
		.map((person) => `<li>${escapeHtml(person.firstName)} ${escapeHtml(person.lastName)} <small>${escapeHtml(person.label)}</small></li>`)
		.join('\n');
	const controls = EMULATOR_CONTROLS.map(({ route, does }) => `<li><code>${escapeHtml(route)}</code>: ${escapeHtml(does)}</li>`).join('\n');
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Signicat emulator</title>
<style>
body { font-family: system-ui, sans-serif; background: #f5f5f7; color: #1d1d1f; margin: 0; }
main { max-width: 44rem; margin: 3rem auto; background: #fff; border-radius: 12px; padding: 2rem; box-shadow: 0 2px 12px #0001; }
h1 { margin-top: 0; } small { color: #777; } code { background: #f0f0f2; padding: 0 .2rem; border-radius: 4px; }
</style>
</head>
<body>
<main>
<h1>Signicat emulator</h1>
<p>A local stand-in for Signicat's Authentication REST API and the itsme login page, so that the
n8n nodes of n8n-nodes-signicat-itsme run and are tested offline. No real identity is used.</p>
<h2>Connect n8n</h2>
<p>In a <b>Signicat API</b> credential: Base URL <code>${escapeHtml(baseUrl)}</code>, Client ID
<code>${escapeHtml(client.clientId)}</code>, Client Secret <code>${escapeHtml(client.clientSecret)}</code>.</p>
<h2>Test people</h2>
<p>Offered on the itsme page of every session, where you approve, cancel or simulate an error:</p>
<ul id="persons">
${people}
</ul>
<h2>Controls</h2>
<ul id="controls">
${controls}
</ul>
<p>More in the README: <a href="${escapeHtml(EMULATOR_README_URL)}">the Signicat emulator</a>.</p>
</main>
</body>
</html>`;
}
