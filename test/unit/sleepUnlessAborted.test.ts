/**
 * A retry wait or a webhook budget must end when its signal aborts, whichever n8n runs the node:
 * n8n 2.x's `sleep` honours a signal, n8n 1.x's ignores it. n8n 1.x's n8n-workflow cannot be loaded
 * beside 2.x's here, so its `sleep` is stood in for by one that ignores the signal, as 1.x's does.
 * The waits are a minute long and jest gives up after 30 s: a wait that ignored the abort fails.
 */
type Module = typeof import('../../nodes/shared/api/sleepUnlessAborted');

/** n8n 1.123's `sleep`: `async (ms) => await new Promise((resolve) => setTimeout(resolve, ms))`, no signal. */
const sleepOfN8n1 = async (ms: number) =>
	await new Promise<void>((resolve) => {
		setTimeout(resolve, ms).unref();
	});

const SLEEPS: Array<[string, () => Module]> = [
	['n8n 2.x (sleep honours the signal)', () => require('../../nodes/shared/api/sleepUnlessAborted') as Module],
	[
		'n8n 1.x (sleep ignores the signal)',
		() => {
			let loaded: Module | undefined;
			jest.isolateModules(() => {
				jest.doMock('n8n-workflow', () => ({ ...jest.requireActual<object>('n8n-workflow'), sleep: sleepOfN8n1 }));
				loaded = require('../../nodes/shared/api/sleepUnlessAborted') as Module;
			});
			jest.dontMock('n8n-workflow');
			return loaded!;
		},
	],
];

describe.each(SLEEPS)('sleepUnlessAborted on %s', (_label, load) => {
	const { sleepUnlessAborted } = load();

	it('ends a minute-long wait with the reason as soon as the signal aborts', async () => {
		const controller = new AbortController();
		const reason = new Error('stop retrying');
		const waiting = sleepUnlessAborted(60_000, controller.signal);
		controller.abort(reason);
		await expect(waiting).rejects.toBe(reason);
	});

	it('does not start a wait whose signal has already aborted', async () => {
		const reason = new Error('already stopped');
		await expect(sleepUnlessAborted(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
	});

	it('resolves after the wait when nothing aborts', async () => {
		await expect(sleepUnlessAborted(1, new AbortController().signal)).resolves.toBeUndefined();
	});
});
