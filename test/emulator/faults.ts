import type { ServerResponse } from 'node:http';

/**
 * Faults that tests switch on: latency on every request, failures of the REST API calls (the next
 * N, or a seeded random share) with 429 + Retry-After or a 5xx, requests accepted and never
 * answered (a Signicat that hangs), and valid session creations held back until the test releases
 * them (to have requests in flight at a known moment).
 */
export interface FailureSpec {
	status: number;
	retryAfterSeconds?: number;
}

/** What a hang applies to: REST API calls or token requests. */
export type HangTarget = 'rest' | 'token';
/** Hung requests held at most at once; past this they are answered as usual. */
export const HELD_LIMIT = 100;

export class Faults {
	latencyMs = 0;
	private hangs: Record<HangTarget, number> = { rest: 0, token: 0 };
	private readonly held = new Set<ServerResponse>();
	private queued: FailureSpec[] = [];
	private random?: { rate: number; statuses: number[]; retryAfterSeconds: number; state: number };
	private createHold?: { released: Promise<void>; release: () => void; then?: FailureSpec };
	/** How many creations wait at the hold right now. */
	heldCreates = 0;

	/**
	 * Holds every valid POST /sessions until the returned function is called; a refused one is answered
	 * at once. On release the held ones are created, or answered with `then` when given.
	 */
	holdCreates(then?: FailureSpec): () => void {
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		const hold = { released, release, then };
		this.createHold = hold;
		return () => {
			if (this.createHold === hold) this.createHold = undefined;
			hold.release();
		};
	}

	/** Waits while creates are held; then the failure to answer instead of creating, if any. */
	async passCreateHold(): Promise<FailureSpec | undefined> {
		const hold = this.createHold;
		if (!hold) return undefined;
		this.heldCreates++;
		await hold.released;
		this.heldCreates--;
		return hold.then;
	}

	failNext(count: number, spec: FailureSpec): void {
		for (let i = 0; i < count; i++) this.queued.push(spec);
	}

	/** The next `count` requests of this kind are accepted and never answered, until reset or stop. */
	hangNext(count: number, target: HangTarget = 'rest'): void {
		this.hangs[target] += count;
	}

	/** Holds the request unanswered if a hang of its kind is due; true if it did. */
	hold(target: HangTarget, res: ServerResponse): boolean {
		if (this.hangs[target] === 0 || this.held.size >= HELD_LIMIT) return false;
		this.hangs[target]--;
		this.held.add(res);
		res.on('close', () => this.held.delete(res));
		return true;
	}

	/** How many requests are being held unanswered now (their clients have not given up). */
	get heldCount(): number {
		return this.held.size;
	}

	/** Ends every held request by closing its connection, as a Signicat that hung up would. */
	releaseHeld(): void {
		for (const res of this.held) res.destroy();
		this.held.clear();
	}

	failRandomly(rate: number, statuses: number[], retryAfterSeconds = 0, seed = 1): void {
		this.random = { rate, statuses, retryAfterSeconds, state: seed >>> 0 || 1 };
	}

	/** The failure the next REST call should get, if any. */
	take(): FailureSpec | undefined {
		const queued = this.queued.shift();
		if (queued) return queued;
		const random = this.random;
		if (!random) return undefined;
		// xorshift32: the same seed fails the same calls, so a failing run can be replayed.
		random.state ^= random.state << 13;
		random.state ^= random.state >>> 17;
		random.state ^= random.state << 5;
		const draw = (random.state >>> 0) / 0x1_0000_0000;
		if (draw >= random.rate) return undefined;
		const status = random.statuses[Math.floor((draw / random.rate) * random.statuses.length)];
		return { status, retryAfterSeconds: random.retryAfterSeconds };
	}

	reset(): void {
		this.createHold?.release();
		this.createHold = undefined;
		this.releaseHeld();
		this.hangs = { rest: 0, token: 0 };
		this.latencyMs = 0;
		this.queued = [];
		this.random = undefined;
	}
}
