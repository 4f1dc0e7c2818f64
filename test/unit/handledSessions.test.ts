import type { IDataObject } from 'n8n-workflow';
import { ObservableObject } from 'n8n-workflow';

import { handledSessionsOf, onceAtATime } from '../../nodes/ItsmeTrigger/handledSessions';

/** Static data as n8n loads it for a webhook call: a fresh observable copy of what was saved. */
const loaded = (saved: IDataObject) => ObservableObject.create(JSON.parse(JSON.stringify(saved)) as IDataObject) as IDataObject & { __dataChanged: boolean };

describe('handled sessions', () => {
	it('remembers the final status of each session, forgetting the oldest beyond the limit', () => {
		const staticData = {};
		const handled = handledSessionsOf('wf-limit:node', staticData, 3);
		for (const id of ['a', 'b', 'c', 'd']) handled.remember(id, 'SUCCESS');
		expect(handled.statusOf('a')).toBeUndefined();
		expect(['b', 'c', 'd'].map((id) => handled.statusOf(id))).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
		expect(staticData).toEqual({ handledSessions: { b: 'SUCCESS', c: 'SUCCESS', d: 'SUCCESS' } });
	});

	it('keeps the triggers apart', () => {
		const first = handledSessionsOf('wf-1:node-1', {});
		first.remember('s-1', 'SUCCESS');
		expect(handledSessionsOf('wf-1:node-1', {}).statusOf('s-1')).toBe('SUCCESS');
		expect(handledSessionsOf('wf-2:node-1', {}).statusOf('s-1')).toBeUndefined();
	});

	it('reads what an earlier process saved', () => {
		const handled = handledSessionsOf('wf-restart:node', { handledSessions: { 'old-1': 'ABORT' } });
		expect(handled.statusOf('old-1')).toBe('ABORT');
		expect(handled.statusOf('toString')).toBeUndefined();
	});

	it('makes every save carry all the entries of the process, whichever call saves last', () => {
		// Two simultaneous webhook calls load the same saved data, each remembers its own session.
		let saved: IDataObject = {};
		const callA = loaded(saved);
		const callB = loaded(saved);
		handledSessionsOf('wf-race:node', callA).remember('a', 'SUCCESS');
		handledSessionsOf('wf-race:node', callB).remember('b', 'SUCCESS');
		expect([callA.__dataChanged, callB.__dataChanged]).toEqual([true, true]);
		// n8n saves each call's whole static data; B's save, then A's, lands last.
		saved = JSON.parse(JSON.stringify(callB)) as IDataObject;
		saved = JSON.parse(JSON.stringify(callA)) as IDataObject;
		expect(saved.handledSessions).toEqual({ a: 'SUCCESS', b: 'SUCCESS' });
	});

	it('carries what another process saved into the next save of this one', () => {
		handledSessionsOf('wf-merge:node', loaded({})).remember('mine', 'SUCCESS');
		const call = loaded({ handledSessions: { theirs: 'ABORT' } });
		const handled = handledSessionsOf('wf-merge:node', call);
		expect([handled.statusOf('mine'), handled.statusOf('theirs')]).toEqual(['SUCCESS', 'ABORT']);
		handled.remember('new', 'ERROR');
		expect(JSON.parse(JSON.stringify(call)).handledSessions).toEqual({ mine: 'SUCCESS', theirs: 'ABORT', new: 'ERROR' });
	});

	it('does not mark static data as changed when nothing new is remembered', () => {
		const call = loaded({ handledSessions: { x: 'SUCCESS' } });
		expect(handledSessionsOf('wf-quiet:node', call).statusOf('x')).toBe('SUCCESS');
		expect(call.__dataChanged).toBe(false);
	});

	it('lets simultaneous callers of one key share the first one\'s work', async () => {
		let runs = 0;
		const work = async () => ++runs;
		const results = await Promise.all([onceAtATime('k', work), onceAtATime('k', work), onceAtATime('k', work)]);
		expect(runs).toBe(1);
		expect(results.map((r) => r.first)).toEqual([true, false, false]);
		expect((await onceAtATime('k', work)).first).toBe(true);
	});
});
