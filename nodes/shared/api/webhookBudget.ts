import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { sleepUnlessAborted } from './sleepUnlessAborted';

/**
 * How long a webhook call may wait for Signicat, token request and retries included. A webhook call
 * holds resources shared by the whole n8n instance (n8n 2.x evaluates expressions in one isolate,
 * pool size 1 by default), so a Signicat that accepts the connection and never answers must not
 * hold the person's browser, Signicat's event delivery, or every other webhook of that n8n. After
 * this the browser gets the "could not confirm yet" page with its retry link and an event gets 503,
 * which Signicat retries. Item-by-item node runs are not bounded by this.
 */
export const WEBHOOK_SIGNICAT_BUDGET_MS = 5_000;

/**
 * `work` given its deadline, or an error once `budgetMs` has passed, whatever `work` is waiting on
 * (a hung socket, another call's token request).
 */
export async function withinBudget<T>(node: INode, budgetMs: number, what: string, work: (deadline: number) => Promise<T>): Promise<T> {
	const timer = new AbortController();
	const expired = sleepUnlessAborted(budgetMs, timer.signal).then(
		async () => await Promise.reject(new NodeOperationError(node, `No answer from Signicat within ${budgetMs / 1000} s (${what}): Signicat is slow or unreachable, or this n8n was too busy to take its answer in time`)),
		// Aborted because the work settled first: this side of the race never settles.
		async () => await new Promise<never>(() => undefined),
	);
	try {
		return await Promise.race([work(Date.now() + budgetMs), expired]);
	} finally {
		timer.abort();
	}
}
