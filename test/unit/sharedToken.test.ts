import { sharedToken } from '../../nodes/shared/auth/sharedToken';

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
});
