import { setTimeout as sleep } from 'node:timers/promises';

import { followRedirects } from '../../harness/browser';
import { freshPackageNodeTypes } from '../../harness/fixtures';
import { createSession, deliver, emulator, envelope, executionsOutput, n8n, reactivate, trigger } from './setup';

describe('itsme Trigger: a session counts as handled only once n8n holds its execution', () => {
	it("while n8n cannot save executions, Signicat's event is not acknowledged; once it can, the retried event brings the session in, exactly once", async () => {
		const { sessionId } = await createSession();
		emulator.complete(sessionId, 'success', undefined, { browserReturns: false });
		n8n.savesFail = true;
		const whileFailing = [await deliver(envelope(sessionId)), await deliver(envelope(sessionId))];
		await n8n.idle();
		expect(whileFailing.map((d) => d.status)).toEqual([500, 500]);
		expect(n8n.executions).toHaveLength(0);

		n8n.savesFail = false;
		const retried = await deliver(envelope(sessionId));
		const again = await deliver(envelope(sessionId));
		await n8n.idle();
		expect(retried).toEqual({ status: 200, body: { received: true, emitted: true } });
		expect(again).toEqual({ status: 200, body: { received: true, duplicate: true } });
		expect(executionsOutput()).toEqual([expect.objectContaining({ sessionId, deliveredBy: 'event' })]);
	});

	it('a callback whose execution n8n could not save leaves the session to the next delivery', async () => {
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		n8n.savesFail = true;
		const failed = await followRedirects(callbacks.success);
		await n8n.idle();
		expect(failed.status).toBe(500);
		expect(n8n.executions).toHaveLength(0);

		n8n.savesFail = false;
		const event = await deliver(envelope(sessionId));
		const refreshed = await followRedirects(callbacks.success);
		await n8n.idle();
		expect(event.body).toEqual({ received: true, emitted: true });
		expect(refreshed.body).toContain('Identity verified');
		expect(executionsOutput()).toEqual([expect.objectContaining({ sessionId, deliveredBy: 'event' })]);
	});

	it("an event meeting a callback whose execution n8n is still saving waits for n8n's answer to it: acknowledged once saved, no 503 to retry", async () => {
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		let release = () => {};
		n8n.savesWaitFor = new Promise<void>((resolve) => (release = resolve));
		try {
			const visit = followRedirects(callbacks.success);
			// The callback read the session and emitted it; n8n is saving its execution.
			for (const deadline = Date.now() + 10_000; n8n.heldSaves === 0 && Date.now() < deadline; ) await sleep(20);
			expect(n8n.heldSaves).toBe(1);
			const event = deliver(envelope(sessionId));
			// Held for a second (well inside the trigger's 5 s wait): the event is not answered meanwhile.
			expect(await Promise.race([event.then(() => 'answered'), sleep(1000).then(() => 'still waiting')])).toBe('still waiting');
			n8n.savesWaitFor = undefined;
			release();
			expect(await event).toEqual({ status: 200, body: { received: true, duplicate: true } });
			expect((await visit).body).toContain('Identity verified');
		} finally {
			n8n.savesWaitFor = undefined;
			release();
		}
		await n8n.idle();
		expect(executionsOutput()).toEqual([expect.objectContaining({ sessionId, deliveredBy: 'callback' })]);
		expect(emulator.countRequests('GET', `/auth/rest/sessions/${sessionId}`)).toBe(1);
	});

	it('forgets nothing when the trigger node is renamed: its memory is kept under the node id', async () => {
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		await followRedirects(callbacks.success);
		await n8n.idle();
		trigger.nodes[0].name = 'Verified person';
		n8n.restart(freshPackageNodeTypes());
		const before = emulator.requests.length;
		expect(await deliver(envelope(sessionId))).toEqual({ status: 200, body: { received: true, duplicate: true } });
		expect(emulator.requests.length).toBe(before);
		expect(n8n.executions).toHaveLength(1);
	});

	it('reads the memory version 0.1.0 saved, so its sessions start nothing after the upgrade', async () => {
		const { sessionId } = await createSession();
		emulator.complete(sessionId, 'success');
		await reactivate({}, {}, undefined, { 'node:itsme Trigger': { handledSessions: { [sessionId]: 'SUCCESS' } } });
		expect(await deliver(envelope(sessionId))).toEqual({ status: 200, body: { received: true, duplicate: true } });
		expect(n8n.executions).toHaveLength(0);
	});

	it('starts nothing for a session that expired more than a day ago, and reads it only once', async () => {
		emulator.clock.advance(-26 * 3600);
		const { sessionId, callbacks } = await createSession();
		emulator.complete(sessionId, 'success');
		emulator.clock.reset();
		const visits = [await followRedirects(callbacks.success), await followRedirects(callbacks.success)];
		const event = await deliver(envelope(sessionId));
		await n8n.idle();
		expect(visits.every((v) => v.body.includes('Identity verified'))).toBe(true);
		expect(event.body).toEqual({ received: true, duplicate: true });
		// Answered reads (the emulator's clock went back and forth: the first token it issued had expired).
		expect(emulator.requests.filter((r) => r.path === `/auth/rest/sessions/${sessionId}` && r.status === 200)).toHaveLength(1);
		expect(n8n.executions).toHaveLength(0);
	});
});
