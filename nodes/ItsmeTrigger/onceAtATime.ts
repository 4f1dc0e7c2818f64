/**
 * Deliveries of the same session (callbacks, events) that arrive while the first is still asking
 * Signicat wait for its answer instead of asking again, within this n8n process.
 */
const inFlight = new Map<string, Promise<unknown>>();

export async function onceAtATime<T>(key: string, work: () => Promise<T>): Promise<{ first: boolean; result: T }> {
	const running = inFlight.get(key) as Promise<T> | undefined;
	if (running) return { first: false, result: await running };
	const started = work().finally(() => inFlight.delete(key));
	inFlight.set(key, started);
	return { first: true, result: await started };
}
