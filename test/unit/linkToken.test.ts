import { LINK_TOKEN_PARAM, linkKeyOf, linkTokenOf, makeLinkToken, triggerOfUrl, verifiedNonce } from '../../nodes/shared/callbacks/linkToken';

const key = linkKeyOf('the-client-secret');
const TRIGGER = '6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f';

describe('the link token on callback URLs', () => {
	it('is verified with the key and trigger it was made for, and only with them', () => {
		const token = makeLinkToken(key, TRIGGER);
		expect(token).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}$/);
		expect(verifiedNonce(key, token, TRIGGER)).toBe(token.split('.')[1]);
		expect(verifiedNonce(linkKeyOf('another-client-secret'), token, TRIGGER)).toBeUndefined();
		expect(verifiedNonce(key, token, '00000000-0000-0000-0000-000000000000')).toBeUndefined();
	});

	it('made for no trigger in particular (a proxy hid the webhook id), is taken by any trigger of the credential', () => {
		const token = makeLinkToken(key, '');
		expect(verifiedNonce(key, token, TRIGGER)).toBeDefined();
		expect(verifiedNonce(key, token, '00000000-0000-0000-0000-000000000000')).toBeDefined();
	});

	it('is a new one each time: a token serves one session', () => {
		expect(makeLinkToken(key, TRIGGER)).not.toBe(makeLinkToken(key, TRIGGER));
	});

	it.each([
		['no token', undefined],
		['an empty one', ''],
		['a number', 42],
		['another version', makeLinkToken(key, TRIGGER).replace(/^v1/, 'v2')],
		['one character of the MAC changed', (() => {
			const [version, nonce, mac] = makeLinkToken(key, TRIGGER).split('.');
			return `${version}.${nonce}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
		})()],
		['the MAC spelt another way (its last character\'s unused bits set)', (() => {
			const [version, nonce, mac] = makeLinkToken(key, TRIGGER).split('.');
			const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
			return `${version}.${nonce}.${mac.slice(0, -1)}${alphabet[alphabet.indexOf(mac.slice(-1)) ^ 1]}`;
		})()],
		['the nonce of another token with this MAC', (() => {
			const [a, b] = [makeLinkToken(key, TRIGGER).split('.'), makeLinkToken(key, TRIGGER).split('.')];
			return `${a[0]}.${b[1]}.${a[2]}`;
		})()],
		['10 KB', 'v1.' + 'a'.repeat(10_240)],
	])('refuses %s', (_what, token) => {
		expect(verifiedNonce(key, token, TRIGGER)).toBeUndefined();
	});

	it.each([
		[`https://n8n.example.test/webhook/${TRIGGER}/itsme`, TRIGGER],
		[`https://n8n.example.test/webhook/${TRIGGER.toUpperCase()}/itsme/`, TRIGGER],
		[`http://localhost:5678/webhook-test/${TRIGGER}/itsme?x=1`, TRIGGER],
		[`https://proxy.example.test/some/prefix/webhook/${TRIGGER}/itsme`, TRIGGER],
		['https://verify.example.test/back-from-itsme', ''],
		['not a URL', ''],
	])('names the trigger of %s', (url, trigger) => {
		expect(triggerOfUrl(url)).toBe(trigger);
	});

	it('is read from a URL', () => {
		expect(linkTokenOf(`https://n8n.example.test/x?${LINK_TOKEN_PARAM}=v1.abc&outcome=success`)).toBe('v1.abc');
		expect(linkTokenOf('https://n8n.example.test/x?outcome=success')).toBeUndefined();
		expect(linkTokenOf(42)).toBeUndefined();
	});
});
