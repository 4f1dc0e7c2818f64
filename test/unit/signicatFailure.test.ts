import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { markFailure, signicatFailureOf } from '../../nodes/shared/api/signicatFailure';
import { BaseUrlError } from '../../nodes/shared/auth/baseUrl';

const node = { name: 'itsme Session', type: 'n8n-nodes-signicat-itsme.itsmeSession' } as INode;
// As n8n hands an HTTP failure over: its own NodeApiError around the client's error with the response.
const httpFailure = (status: number) =>
	new NodeApiError(node, Object.assign(new Error(`Request failed with status code ${status}`), { response: { status } }) as unknown as JsonObject);

describe('signicatFailureOf', () => {
	it('reads the cause a token request marked, through n8n wrapping it twice', () => {
		const rejected = markFailure(new Error('Signicat rejected the client credentials (invalid_client)'), 'credentials-rejected');
		const wrapped = new NodeOperationError(node, new NodeApiError(node, rejected as unknown as JsonObject));
		expect(signicatFailureOf(wrapped)).toBe('credentials-rejected');
	});

	it('calls a refused Base URL a configuration problem', () => {
		expect(signicatFailureOf(new BaseUrlError('Base URL "ftp://x" must start with https://'))).toBe('configuration-invalid');
	});

	it.each([
		[404, 'unknown-session'],
		[401, 'credentials-rejected'],
		[429, 'signicat-failing'],
		[503, 'signicat-failing'],
		[400, 'request-refused'],
		[409, 'request-refused'],
	])('classifies an answer %i as %s', (status, failure) => {
		expect(signicatFailureOf(httpFailure(status))).toBe(failure);
	});

	it('says unreachable only when no answer came at all', () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
		expect(signicatFailureOf(new NodeApiError(node, refused as unknown as JsonObject))).toBe('signicat-unreachable');
	});
});
