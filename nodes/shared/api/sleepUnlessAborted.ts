import { sleep } from 'n8n-workflow';

/**
 * Waits `ms`, or rejects with the signal's reason as soon as `signal` aborts. n8n 2.x's `sleep`
 * takes a signal but n8n 1.x's ignores it (and 2.x dropped 1.x's `sleepWithAbort`), so the abort is
 * raced here: a retry wait or a webhook budget ends on time whichever n8n runs the node.
 */
export async function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
	signal.throwIfAborted();
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => reject(signal.reason as Error);
		signal.addEventListener('abort', onAbort, { once: true });
		sleep(ms, signal).then(
			() => {
				signal.removeEventListener('abort', onAbort);
				resolve();
			},
			// n8n 2.x's own rejection on abort: onAbort has already answered.
			() => undefined,
		);
	});
}
