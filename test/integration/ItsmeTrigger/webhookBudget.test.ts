import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';

import { followRedirects } from '../../harness/browser';
import { WEBHOOK_SIGNICAT_BUDGET_MS } from '../../../nodes/shared/api/webhookBudget';
import { createSession, deliver, emulator, envelope, n8n, triggerUrl } from './setup';

describe('itsme Trigger: a Signicat that accepts the connection and never answers', () => {
	/** What the design guarantees: the budget, plus generous room for a loaded machine (not a measure of speed). */
	const BOUND_MS = WEBHOOK_SIGNICAT_BUDGET_MS + 5_000;
	const timed = async <T>(work: Promise<T>): Promise<T & { ms: number }> => {
		const started = Date.now();
		const result = await work;
		return { ...result, ms: Date.now() - started };
	};
	const waitUntil = async (done: () => boolean) => {
		for (let tries = 0; !done() && tries < 200; tries++) await new Promise((r) => setTimeout(r, 10));
		expect(done()).toBe(true);
	};

	it.each<[string, () => void, number]>([
		['its session reads hang', () => emulator.faults.hangNext(2, 'rest'), 2],
		// The emulator forgets its tokens, so the node asks for a new one: that request hangs, and both calls wait on it.
		['its token request hangs', () => (emulator.tokens.revokeAll(), emulator.faults.hangNext(1, 'token')), 1],
	])(
		'when %s: the browser gets the retry page and an event 503 within the budget, another webhook answers meanwhile, nothing is lost',
		async (what, hang, held) => {
			const [viaCallback, viaEvent] = [await createSession(), await createSession()];
			emulator.complete(viaCallback.sessionId, 'success');
			emulator.complete(viaEvent.sessionId, 'success');
			hang();
			// The logger n8n hands the node: the team learns why, including that n8n itself may be the slow side.
			const log = jest.spyOn(Container.get(Logger), 'warn');
			const callback = timed(followRedirects(viaCallback.callbacks.success));
			const event = timed(deliver(envelope(viaEvent.sessionId)));
			await waitUntil(() => emulator.faults.heldCount === held);
			const other = await timed(followRedirects(`${triggerUrl}?sessionId=not-a-session`));
			const [page, delivery] = await Promise.all([callback, event]);
			const logged = log.mock.calls.flat().map(String).join('\n');
			log.mockRestore();
			expect(logged).toContain(
				`itsme: could not read session ${viaCallback.sessionId} from Signicat (signicat-unreachable): No answer from Signicat within ${WEBHOOK_SIGNICAT_BUDGET_MS / 1000} s`,
			);
			expect(logged).toContain('or this n8n was too busy to take its answer in time');
			// eslint-disable-next-line no-console -- the figures the issue asks to print
			console.log(
				`Signicat hanging (${what}): callback answered in ${page.ms} ms, event in ${delivery.ms} ms, another webhook in ${other.ms} ms (budget ${WEBHOOK_SIGNICAT_BUDGET_MS} ms)`,
			);

			expect(other.status).toBe(400);
			expect(page.status).toBe(503);
			expect(page.body).toContain('We could not confirm your identity yet');
			expect(page.body).toContain(new URL(viaCallback.callbacks.success).search.replace(/&/g, '&amp;'));
			expect(delivery).toMatchObject({ status: 503, body: { error: 'Signicat could not be reached; deliver this event again later' } });
			expect(Math.max(page.ms, delivery.ms)).toBeLessThan(BOUND_MS);
			await n8n.idle();
			expect(n8n.executions).toHaveLength(0);

			// Signicat answers again: the retried callback and the event Signicat retries start one execution each.
			emulator.faults.releaseHeld();
			expect((await followRedirects(viaCallback.callbacks.success)).body).toContain('Identity verified');
			expect((await deliver(envelope(viaEvent.sessionId))).body).toEqual({ received: true, emitted: true });
			await n8n.idle();
			expect(n8n.executions).toHaveLength(2);
		},
	);
});
