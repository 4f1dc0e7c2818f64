import { handledSessionsIn, onceAtATime } from '../../nodes/ItsmeTrigger/handledSessions';

describe('handled sessions', () => {
	it('remembers the final status of each session, forgetting the oldest beyond the limit', () => {
		const staticData = {};
		const handled = handledSessionsIn(staticData, 3);
		for (const id of ['a', 'b', 'c', 'd']) handled.remember(id, 'SUCCESS');
		expect(handled.statusOf('a')).toBeUndefined();
		expect(['b', 'c', 'd'].map((id) => handled.statusOf(id))).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
		expect(handledSessionsIn(staticData, 3).statusOf('d')).toBe('SUCCESS');
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
