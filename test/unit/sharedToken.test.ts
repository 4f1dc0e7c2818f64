import { markFailure } from '../../nodes/shared/api/signicatFailure';
import { REJECTED_CREDENTIALS_MEMORY_MS, sharedToken } from '../../nodes/shared/auth/sharedToken';

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

	it('keeps clients apart and fetches again when the token is about to expire', async () => {
		let time = 0;
		let fetched = 0;
		const fetch = async () => ({ value: `token-${++fetched}`, expiresInSeconds: 60 });
		await sharedToken(client('c'), '', fetch, () => time);
		await sharedToken(client('d'), '', fetch, () => time);
		expect(fetched).toBe(2);
		time = 31_000;
		await sharedToken(client('c'), '', fetch, () => time);
		expect(fetched).toBe(3);
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
