import type { IncomingMessage, ServerResponse } from 'node:http';

/** Small helpers for the emulator's plain node:http handlers. */
export async function readBody(req: IncomingMessage, limitBytes = 1_000_000): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > limitBytes) throw new Error('request body too large');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
	contentType = 'application/json; charset=utf-8',
): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...headers });
	res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
	res.writeHead(status, {
		'content-type': 'text/html; charset=utf-8',
		'content-length': Buffer.byteLength(html),
		'cache-control': 'no-store',
		'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action *",
	});
	res.end(html);
}

export function redirect(res: ServerResponse, location: string, status = 302): void {
	res.writeHead(status, { location, 'content-length': 0, 'cache-control': 'no-store' });
	res.end();
}
