import { markFailure } from '../../nodes/shared/api/signicatFailure';
import { REJECTED_CREDENTIALS_MEMORY_MS, sharedToken, tokenToSend } from '../../nodes/shared/auth/sharedToken';

const client = (secret: string) => ({ baseUrl: 'https://api.test', clientId: 'c', clientSecret: secret });

describe('sharedToken', () => {
	it('lets concurrent callers share one token request', async () => {
		let fetched = 0;
		const fetch = async () => ({ value: `token-${++fetched}`, expiresInSeconds: 600 });
		const tokens = await Promise.all(Array.from({ length: 10 }, () => sharedToken(client('a'), '', fetch)));
		expect(new Set(tokens)).toEqual(new Set(['token-1']));
		expect(fetched).toBe(1);
	});

	it('fetches once per replaced token: late reporters of the old token get the new one', async () => {
		let fetched = 0;
		const fetch = async () => ({ value: `token-${++fetched}`, expiresInSeconds: 600 });
		const first = await sharedToken(client('b'), '', fetch);
		const renewed = await sharedToken(client('b'), first, fetch);
		expect(await sharedToken(client('b'), first, fetch)).toBe(renewed);
		expect(fetched).toBe(2);
	});

	it('keeps clients apart and fetches again when the token is about to expire: 30 s before, or a tenth of a shorter lifetime', async () => {
		let time = 0;
		let fetched = 0;
		let lifetime = 600;
		const fetch = async () => ({ value: `token-${++fetched}`, expiresInSeconds: lifetime });
		await sharedToken(client('c'), '', fetch, () => time);
		await sharedToken(client('d'), '', fetch, () => time);
		expect(fetched).toBe(2);
		time = 569_999;
		await sharedToken(client('c'), '', fetch, () => time);
		expect(fetched).toBe(2);
		time = 570_000;
		lifetime = 60;
		await sharedToken(client('c'), '', fetch, () => time);
		expect(fetched).toBe(3);
		time += 53_999;
		await sharedToken(client('c'), '', fetch, () => time);
		expect(fetched).toBe(3);
		time += 1;
		await sharedToken(client('c'), '', fetch, () => time);
		expect(fetched).toBe(4);
	});

	describe('tokenToSend', () => {
		it("sends the request's own token while this process has none", () => {
			expect(tokenToSend(client('h'), 'stored')).toBe('stored');
			expect(tokenToSend(client('h'), '')).toBe('');
		});

		it("sends this process's newest token while it is usable, then '' so that n8n renews it before Signicat refuses it", async () => {
			let time = 0;
			await sharedToken(client('i'), '', async () => ({ value: 'newest', expiresInSeconds: 600 }), () => time);
			expect(tokenToSend(client('i'), 'older, from the database', () => time)).toBe('newest');
			time = 570_000;
			expect(tokenToSend(client('i'), 'newest', () => time)).toBe('');
			// n8n's preAuthentication for the empty token renews it.
			await sharedToken(client('i'), '', async () => ({ value: 'renewed', expiresInSeconds: 600 }), () => time);
			expect(tokenToSend(client('i'), 'newest', () => time)).toBe('renewed');
		});

		it('makes the requests that ask during a renewal wait for it, and fall back to their own token if it fails', async () => {
			let finish: (token: { value: string; expiresInSeconds: number }) => void = () => undefined;
			const renewing = sharedToken(client('j'), '', async () => await new Promise((resolve) => (finish = resolve)));
			const waiting = tokenToSend(client('j'), 'stored');
			expect(waiting).toBeInstanceOf(Promise);
			finish({ value: 'renewed', expiresInSeconds: 600 });
			await expect(waiting).resolves.toBe('renewed');
			await renewing;

			let fail: (error: Error) => void = () => undefined;
			const failing = sharedToken(client('k'), '', async () => await new Promise((_resolve, reject) => (fail = reject))).catch(() => undefined);
			const fallingBack = tokenToSend(client('k'), 'stored');
			fail(new Error('down'));
			await expect(fallingBack).resolves.toBe('stored');
			await failing;
		});
	});

	it('lets a failed request be retried', async () => {
		const failing = async () => {
			throw new Error('down');
		};
		await expect(sharedToken(client('e'), '', failing)).rejects.toThrow('down');
		await expect(sharedToken(client('e'), '', async () => ({ value: 'ok', expiresInSeconds: 600 }))).resolves.toBe('ok');
	});

	it('answers rejected credentials from memory for REJECTED_CREDENTIALS_MEMORY_MS, then asks again; other failures at once', async () => {
		let time = 0;
		let asked = 0;
		const rejecting = async () => {
			asked++;
			throw markFailure(new Error('Signicat rejected the client credentials (invalid_client)'), 'credentials-rejected');
		};
		await expect(sharedToken(client('f'), '', rejecting, () => time)).rejects.toThrow('rejected');
		time = REJECTED_CREDENTIALS_MEMORY_MS - 1;
		await expect(sharedToken(client('f'), '', rejecting, () => time)).rejects.toThrow('rejected');
		expect(asked).toBe(1);
		// Another secret is another key: tried at once.
		await expect(sharedToken(client('f2'), '', rejecting, () => time)).rejects.toThrow('rejected');
		expect(asked).toBe(2);
		time = REJECTED_CREDENTIALS_MEMORY_MS;
		await expect(sharedToken(client('f'), '', async () => ({ value: 'ok', expiresInSeconds: 600 }), () => time)).resolves.toBe('ok');

		const unreachable = async () => {
			asked++;
			throw markFailure(new Error('Could not reach Signicat'), 'signicat-unreachable');
		};
		await expect(sharedToken(client('g'), '', unreachable, () => time)).rejects.toThrow('reach');
		await expect(sharedToken(client('g'), '', unreachable, () => time)).rejects.toThrow('reach');
		expect(asked).toBe(4);
	});
});
