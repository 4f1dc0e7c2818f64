import { randomUUID } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { isTooLate, LEASE_MS, RETENTION_MS, TriggerMemory } from '../../nodes/ItsmeTrigger/sessionMemory';

const KEY = 'itsmeTrigger:node-1';
const now = Date.parse('2026-12-03T10:00:00Z');
const expiresAt = now + 20 * 60_000;
const fresh = () => ({ global: {} as IDataObject, node: {} as IDataObject });
/** What n8n would save and load back: a JSON copy. */
const savedCopy = (data: { global: IDataObject; node: IDataObject }) => JSON.parse(JSON.stringify(data)) as { global: IDataObject; node: IDataObject };

describe("the itsme Trigger's memory of sessions", () => {
	it('leases a session until n8n holds its execution: unconfirmed, then confirmed', () => {
		const memory = new TriggerMemory(KEY);
		const saved = fresh();
		memory.lease('s-1', 'SUCCESS', expiresAt, saved, now);
		expect(memory.recall('s-1', fresh(), now)).toEqual({ status: 'SUCCESS', confirmed: false });
		memory.confirm('s-1');
		expect(memory.recall('s-1', fresh(), now)).toEqual({ status: 'SUCCESS', confirmed: true });
	});

	it('forgets a released lease at once, and an unconfirmed one after LEASE_MS', () => {
		const memory = new TriggerMemory(KEY);
		memory.lease('s-1', 'SUCCESS', expiresAt, fresh(), now);
		memory.release('s-1');
		expect(memory.recall('s-1', fresh(), now)).toBeUndefined();
		memory.lease('s-2', 'ABORT', expiresAt, fresh(), now);
		expect(memory.recall('s-2', fresh(), now + LEASE_MS - 1)?.confirmed).toBe(false);
		expect(memory.recall('s-2', fresh(), now + LEASE_MS)).toBeUndefined();
	});

	it('tells whoever waits on a lease when it ends: confirmed, released, lapsed, or remembered without an execution', async () => {
		const memory = new TriggerMemory(KEY);
		const ended = (sessionId: string) => {
			let done = false;
			void memory.leaseEnded(sessionId)!.then(() => (done = true));
			return async () => {
				await Promise.resolve();
				return done;
			};
		};
		memory.lease('s-1', 'SUCCESS', expiresAt, fresh(), now);
		const confirmed = ended('s-1');
		expect(await confirmed()).toBe(false);
		memory.confirm('s-1');
		expect(await confirmed()).toBe(true);
		memory.lease('s-2', 'SUCCESS', expiresAt, fresh(), now);
		const released = ended('s-2');
		memory.release('s-2');
		expect(await released()).toBe(true);
		memory.lease('s-3', 'SUCCESS', expiresAt, fresh(), now);
		const lapsed = ended('s-3');
		memory.recall('s-3', fresh(), now + LEASE_MS);
		expect(await lapsed()).toBe(true);
		memory.lease('s-4', 'SUCCESS', expiresAt, fresh(), now);
		const remembered = ended('s-4');
		memory.remember('s-4', 'SUCCESS', expiresAt, fresh(), now);
		expect(await remembered()).toBe(true);
		expect(memory.leaseEnded('s-4')).toBeUndefined();
	});

	it('saves the session being emitted with its execution: a new process reads it as handled', () => {
		const memory = new TriggerMemory(KEY);
		const saved = fresh();
		memory.lease('s-1', 'ABORT', expiresAt, saved, now);
		const afterRestart = new TriggerMemory(KEY);
		expect(afterRestart.recall('s-1', savedCopy(saved), now)).toEqual({ status: 'ABORT', confirmed: true });
	});

	it('leaves a released lease out of the next save, and does not take it back from an earlier one', () => {
		const memory = new TriggerMemory(KEY);
		const earlier = fresh();
		memory.lease('s-1', 'SUCCESS', expiresAt, earlier, now);
		// Another call saved while s-1 was being emitted; then n8n could not save s-1's execution.
		const savedMeanwhile = savedCopy(earlier);
		memory.release('s-1', now);
		expect(memory.recall('s-1', savedMeanwhile, now + 1000)).toBeUndefined();
		const next = fresh();
		memory.remember('s-2', 'SUCCESS', expiresAt, next, now + 2000);
		expect(new TriggerMemory(KEY).recall('s-1', savedCopy(next), now + 3000)).toBeUndefined();
		expect(new TriggerMemory(KEY).recall('s-2', savedCopy(next), now + 3000)?.status).toBe('SUCCESS');
	});

	it('keeps every session of a burst in the one object each call stores, so whichever save comes last holds them all', () => {
		const memory = new TriggerMemory(KEY);
		const calls = Array.from({ length: 30 }, () => ({ id: randomUUID(), saved: fresh() }));
		for (const { id, saved } of calls) memory.lease(id, 'SUCCESS', expiresAt, saved, now);
		// n8n serialises each call's static data when it saves it: the first call's save comes last
		// here, before any of them is confirmed.
		const lastSave = savedCopy(calls[0].saved);
		for (const { id } of calls.slice(0, 10)) memory.confirm(id);
		const afterRestart = new TriggerMemory(KEY);
		expect(calls.filter(({ id }) => afterRestart.recall(id, lastSave, now)?.status !== 'SUCCESS')).toEqual([]);
	});

	it('takes in what another process saved before storing its own, so nothing is overwritten', () => {
		const [one, two] = [new TriggerMemory(KEY), new TriggerMemory(KEY)];
		const first = fresh();
		one.remember('s-1', 'SUCCESS', expiresAt, first, now);
		const second = savedCopy(first);
		two.remember('s-2', 'ERROR', expiresAt, second, now);
		const reader = new TriggerMemory(KEY);
		expect(reader.recall('s-1', savedCopy(second), now)?.status).toBe('SUCCESS');
		expect(reader.recall('s-2', savedCopy(second), now)?.status).toBe('ERROR');
	});

	it('keeps 13 characters per session, and forgets a session a day after it expired', () => {
		const memory = new TriggerMemory(KEY);
		const saved = fresh();
		for (let i = 0; i < 1000; i++) memory.remember(randomUUID(), 'SUCCESS', expiresAt, saved, now);
		const text = (saved.global[KEY] as { handled: string }).handled;
		expect(text.length).toBeLessThan(1000 * 13 + 20);

		const later = now + 20 * 60_000 + RETENTION_MS + 3600_000;
		memory.remember('s-late', 'SUCCESS', later + 60_000, saved, later);
		expect((saved.global[KEY] as { handled: string }).handled.length).toBeLessThan(40);
	});

	it('reads what version 0.1.0 kept in the node\'s static data and moves it into its own form', () => {
		const memory = new TriggerMemory(KEY);
		const saved = { global: {} as IDataObject, node: { handledSessions: { 'old-1': 'SUCCESS', 'old-2': 'CANCELLED' } } as IDataObject };
		expect(memory.recall('old-2', saved, now)).toEqual({ status: 'CANCELLED', confirmed: true });
		memory.remember('new-1', 'SUCCESS', expiresAt, saved, now);
		expect(saved.node.handledSessions).toBeUndefined();
		expect(new TriggerMemory(KEY).recall('old-1', savedCopy(saved), now)?.status).toBe('SUCCESS');
	});

	it('says when a session ended too long ago to start anything', () => {
		expect(isTooLate(expiresAt, expiresAt + RETENTION_MS)).toBe(false);
		expect(isTooLate(expiresAt, expiresAt + RETENTION_MS + 1)).toBe(true);
	});
});
