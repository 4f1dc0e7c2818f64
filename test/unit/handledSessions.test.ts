import { handledSessionsIn, handledSessionsInProcess, onceAtATime } from '../../nodes/ItsmeTrigger/handledSessions';

describe('handled sessions', () => {
	it('remembers the final status of each session, forgetting the oldest beyond the limit', () => {
		const staticData = {};
		const handled = handledSessionsIn(staticData, 3);
		for (const id of ['a', 'b', 'c', 'd']) handled.remember(id, 'SUCCESS');
		expect(handled.statusOf('a')).toBeUndefined();
		expect(['b', 'c', 'd'].map((id) => handled.statusOf(id))).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
		expect(handledSessionsIn(staticData, 3).statusOf('d')).toBe('SUCCESS');
	});

	it('keeps a bounded in-process copy, separate per trigger', () => {
		const first = handledSessionsInProcess('workflow-1:node-1', 2);
		const second = handledSessionsInProcess('workflow-2:node-1', 2);
		first.remember('s-1', 'SUCCESS');
		expect(first.statusOf('s-1')).toBe('SUCCESS');
		expect(second.statusOf('s-1')).toBeUndefined();
		for (let i = 2; i <= 12; i++) first.remember(`s-${i}`, 'ABORT');
		expect(first.statusOf('s-1')).toBeUndefined();
		expect(first.statusOf('s-12')).toBe('ABORT');
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
