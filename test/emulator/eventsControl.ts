import type { ServerResponse } from 'node:http';

import type { SignicatEvents } from './events';
import { EventsInputError } from './events';
import { sendJson } from './http';
import { sendProblem } from './problem';

/**
 * The test controls of the Events service under `/__emulator/events/`: what a user does in
 * Signicat's Dashboard (subscriptions, test event) plus the emulator's own settings and log.
 * Returns false when the route is not one of these.
 */
export function handleEventsControl(events: SignicatEvents, route: string, body: Record<string, unknown>, res: ServerResponse): boolean {
	try {
		const subscription = /^DELETE \/events\/subscriptions\/([^/]+)$/.exec(route);
		if (subscription) {
			if (!events.unsubscribe(subscription[1])) sendProblem(res, 404, 'Not Found', `No subscription ${subscription[1]}.`);
			else sendJson(res, 200, { ok: true });
			return true;
		}
		switch (route) {
			case 'POST /events/subscriptions':
				sendJson(res, 201, events.subscribe(body as Parameters<SignicatEvents['subscribe']>[0]));
				return true;
			case 'GET /events/subscriptions':
				sendJson(res, 200, events.subscriptions);
				return true;
			case 'GET /events/settings':
				sendJson(res, 200, events.settings);
				return true;
			case 'POST /events/settings':
				sendJson(res, 200, events.configure(body));
				return true;
			case 'POST /events/test':
				sendJson(res, 200, events.sendTest(String(body.subscriptionId ?? '')));
				return true;
			case 'GET /events/deliveries':
				sendJson(res, 200, events.deliveries);
				return true;
			default:
				return false;
		}
	} catch (error) {
		if (!(error instanceof EventsInputError)) throw error;
		sendProblem(res, 400, 'Bad Request', error.message);
		return true;
	}
}
