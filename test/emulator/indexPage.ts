import { escapeHtml } from '../../nodes/shared/browser/page';
import type { Subscription } from './events';
import type { TestPerson } from './persons';
import type { ApiClient } from './tokens';

/** The emulator's test controls, for its index page (docs/development.md's emulator section has the details). */
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
	{ route: 'POST /__emulator/events/subscriptions {url, eventNames, headers}', does: 'subscribe a webhook to session events, as in the Signicat Dashboard (or the form above)' },
	{ route: 'DELETE /__emulator/events/subscriptions/{id}', does: 'remove a subscription' },
	{ route: 'GET /__emulator/events/settings', does: 'the retry window, first retry delay, duplicates per delivery and the delay of the first delivery after the browser is sent back' },
	{ route: 'POST /__emulator/events/settings {retryWindowSeconds, firstRetryDelayMs, duplicates, firstDeliveryDelayMs}', does: 'change them' },
	{ route: 'POST /__emulator/events/test {subscriptionId}', does: "send a test event, like the Dashboard's test button" },
	{ route: 'GET /__emulator/events/deliveries', does: 'every delivery attempt (event id, session id, attempt, HTTP status)' },
];

export const EMULATOR_DOCS_URL = 'https://github.com/n8n-nodes-signicat-itsme/n8n-nodes-signicat-itsme/blob/main/docs/development.md#the-signicat-emulator';

/** The index page's form and list of Signicat Events subscriptions (what the Dashboard's Settings → Events does). */
export const EVENTS_FORM_ACTION = '/__emulator/events/subscriptions';

export interface IndexPageContent {
	baseUrl: string;
	client: ApiClient;
	persons: readonly TestPerson[];
	subscriptions: readonly Subscription[];
	/** Why the subscription form was refused, shown above it. */
	formError?: string;
}

/** A subscription's URL as the page lists it: without the values of its query (e.g. `?secret=`) or any user name and password. */
function shownUrl(url: string): string {
	const { origin, pathname, searchParams } = new URL(url);
	const query = [...searchParams.keys()].map((name) => `${name}=…`).join('&');
	return `${origin}${pathname}${query ? `?${query}` : ''}`;
}

const personItem = (person: TestPerson) =>
	`<li>${escapeHtml(person.firstName)} ${escapeHtml(person.lastName)} <small>${escapeHtml(person.label.en)}</small></li>`;

/**
 * What a person who opens the emulator's printed URL sees: what it is, how to connect n8n to it,
 * the test people (names only: a page, so no national numbers) as its itsme page offers them, a
 * form to subscribe to its Events, and the controls.
 */
export function renderIndexPage({ baseUrl, client, persons, subscriptions, formError }: IndexPageContent): string {
	// The itsme page offers a person only in sessions that allow their eID; the nodes always allow itsme.
	const itsmePeople = persons.filter((person) => person.provider === 'itsme').map(personItem).join('\n');
	const otherEidPeople = persons
		.filter((person) => person.provider !== 'itsme')
		.map((person) => personItem(person).replace('</small>', ` (<code>${escapeHtml(person.provider)}</code>)</small>`))
		.join('\n');
	const subscribed =
		subscriptions.map((subscription) => `<li><code>${escapeHtml(shownUrl(subscription.url))}</code> <small>${escapeHtml(subscription.eventNames?.join(', ') ?? 'every session event')}</small></li>`).join('\n') ||
		'<li>None yet.</li>';
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
h1 { margin-top: 0; } small { color: #595959; } code { background: #f0f0f2; padding: 0 .2rem; border-radius: 4px; }
input[type=url] { width: 100%; box-sizing: border-box; font: inherit; padding: .4rem; margin: .25rem 0 .5rem; }
button { font: inherit; padding: .4rem 1rem; }
input:focus-visible, button:focus-visible { outline: 3px solid #1d1d1f; outline-offset: 2px; }
p.error { color: #b00020; font-weight: 600; }
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
${itsmePeople}
</ul>
<p>Offered only in sessions that also allow their eID (Create Session's <b>Additional Providers</b>):</p>
<ul id="other-eid-persons">
${otherEidPeople}
</ul>
<h2 id="events">Signicat Events</h2>
<p>As in the Signicat Dashboard (Settings → Events): the emulator posts every finished session to
each URL subscribed here, e.g. the itsme Trigger's Production URL that ends in <code>/events</code>,
followed by <code>?secret=</code> and the Events Secret of its Signicat API credential.</p>
${formError ? `<p class="error" role="alert">${escapeHtml(formError)}</p>\n` : ''}<form method="post" action="${EVENTS_FORM_ACTION}">
<label for="subscription-url">Webhook URL</label>
<input id="subscription-url" name="url" type="url" required placeholder="http://localhost:5678/webhook/…/events?secret=…">
<button type="submit">Subscribe</button>
</form>
<p>Subscribed (query values not shown):</p>
<ul id="subscriptions">
${subscribed}
</ul>
<h2>Controls</h2>
<ul id="controls">
${controls}
</ul>
<p>More in the developer guide: <a href="${escapeHtml(EMULATOR_DOCS_URL)}">the Signicat emulator</a>.</p>
</main>
</body>
</html>`;
}
