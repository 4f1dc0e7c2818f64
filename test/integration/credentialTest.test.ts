import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { SignicatApi } from '../../credentials/SignicatApi.credentials';
import { testCredential } from '../harness/credentialTest';
import { emulatorCredential, useEmulator } from '../harness/fixtures';
import { watchPublicConnections } from '../harness/publicConnections';

const emulator = useEmulator();
const connections = watchPublicConnections();
const credentialData = (overrides: Record<string, string> = {}) => emulatorCredential(emulator, overrides);

describe('the credential test (n8n\'s "Test" button)', () => {
	it('succeeds for a registered client and proves it with a token request', async () => {
		const result = await testCredential(new SignicatApi(), credentialData());
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(emulator.tokenRequests).toBeGreaterThanOrEqual(1);
		expect(emulator.requests.every((r) => r.status === 200)).toBe(true);
	});

	it.each(['/', '/auth/rest', '/auth/open/connect/token'])('accepts a base URL ending in %s', async (suffix) => {
		const result = await testCredential(new SignicatApi(), credentialData({ baseUrl: `  ${emulator.url}${suffix}  ` }));
		expect(result.status).toBe('OK');
	});

	it('fails with "Signicat rejected the client credentials" for a wrong secret, without the secret', async () => {
		const result = await testCredential(new SignicatApi(), credentialData({ clientSecret: 'wrong-secret-value' }));
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Signicat rejected the client credentials');
		expect(result.message).not.toContain('wrong-secret-value');
	});

	it('fails for a wrong secret even when a token from before is still stored', async () => {
		const result = await testCredential(
			new SignicatApi(),
			credentialData({ clientSecret: 'wrong-secret-value', accessToken: 'left-over-token' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Signicat rejected the client credentials');
	});

	it('names the URL when Signicat cannot be reached', async () => {
		const result = await testCredential(new SignicatApi(), credentialData({ baseUrl: 'http://127.0.0.1:9' }));
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Could not reach Signicat at http://127.0.0.1:9/auth/open/connect/token (connection refused)');
	});

	it('reports a token endpoint that answers something other than JSON', async () => {
		const html = createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/html' });
			res.end('<html><body>Welcome to nginx</body></html>');
		});
		await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
		try {
			const result = await testCredential(new SignicatApi(), credentialData({ baseUrl: url }));
			expect(result.status).toBe('Error');
			expect(result.message).toContain('text/html instead of JSON');
			expect(result.message).toContain(url);
		} finally {
			html.close();
		}
	});

	it('rejects a base URL with another scheme, naming the field', async () => {
		const result = await testCredential(new SignicatApi(), credentialData({ baseUrl: 'ftp://api.signicat.com' }));
		expect(result).toMatchObject({ status: 'Error', message: expect.stringContaining('Base URL') });
	});

	it('refuses http:// to a public host before any connection, naming https', async () => {
		const result = await testCredential(new SignicatApi(), credentialData({ baseUrl: 'http://203.0.113.10' }));
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^Base URL "http:\/\/203\.0\.113\.10" must start with https:\/\/: http:\/\/ would send the client secret unencrypted/),
		});
		expect(connections.attempts).toEqual([]);
		expect(emulator.requests).toHaveLength(0);
	});

	it('proves the watch on connections works: https to the same public host is attempted (and blocked by the test)', async () => {
		const result = await testCredential(new SignicatApi(), credentialData({ baseUrl: 'https://203.0.113.10' }));
		expect(result.status).toBe('Error');
		expect(connections.attempts).toEqual(['203.0.113.10']);
	});
});
