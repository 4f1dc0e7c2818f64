import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

/** One message as the SMTP client sent it: envelope and the raw message (headers and body). */
export interface SentMail {
	from: string;
	to: string[];
	raw: string;
}

/**
 * A local SMTP server that accepts every message and keeps it: where an example's "Send Email"
 * node delivers when its SMTP credential points here (plain SMTP, no STARTTLS offered). Speaks only
 * what an SMTP client needs to hand over a message (RFC 5321: EHLO/HELO, MAIL, RCPT, DATA, RSET,
 * NOOP, QUIT).
 */
export class SmtpSink {
	readonly messages: SentMail[] = [];
	private server?: Server;
	private readonly sockets = new Set<Socket>();
	port = 0;

	async start(): Promise<void> {
		this.server = createServer((socket) => this.serve(socket));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.port = (this.server.address() as AddressInfo).port;
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	/** Waits until `count` messages have arrived (an example sends them from its own execution). */
	async waitForMessages(count: number, timeoutMs = 60_000): Promise<SentMail[]> {
		for (const deadline = Date.now() + timeoutMs; this.messages.length < count; await new Promise((r) => setTimeout(r, 100))) {
			if (Date.now() > deadline) throw new Error(`the SMTP sink got ${this.messages.length} message(s), not ${count}, within ${timeoutMs / 1000} s`);
		}
		return this.messages;
	}

	private serve(socket: Socket): void {
		this.sockets.add(socket);
		socket.once('close', () => this.sockets.delete(socket));
		socket.setEncoding('utf8');
		let buffer = '';
		let mail: SentMail = { from: '', to: [], raw: '' };
		let inData = false;
		const reply = (line: string) => socket.write(`${line}\r\n`);
		reply('220 smtp-sink ready');
		socket.on('data', (chunk: string) => {
			buffer += chunk;
			for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
				const line = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				if (inData) {
					if (line === '.') {
						inData = false;
						this.messages.push(mail);
						mail = { from: '', to: [], raw: '' };
						reply('250 queued');
					} else {
						// Dot-stuffing: a line starting with "." was sent with one more.
						mail.raw += `${line.startsWith('..') ? line.slice(1) : line}\r\n`;
					}
					continue;
				}
				const command = line.slice(0, 4).toUpperCase();
				const address = /<([^>]*)>/.exec(line)?.[1] ?? '';
				switch (command) {
					case 'EHLO':
					case 'HELO':
						reply('250 smtp-sink');
						break;
					case 'MAIL':
						mail.from = address;
						reply('250 ok');
						break;
					case 'RCPT':
						mail.to.push(address);
						reply('250 ok');
						break;
					case 'DATA':
						inData = true;
						reply('354 end with <CRLF>.<CRLF>');
						break;
					case 'RSET':
						mail = { from: '', to: [], raw: '' };
						reply('250 ok');
						break;
					case 'QUIT':
						reply('221 bye');
						socket.end();
						break;
					default:
						reply(command === 'NOOP' ? '250 ok' : '502 not implemented');
				}
			}
		});
	}
}

/** The text of a message's body, undoing quoted-printable (how mail clients send long lines). */
export function bodyText(raw: string): string {
	const [headers, ...rest] = raw.split('\r\n\r\n');
	const body = rest.join('\r\n\r\n');
	if (!/content-transfer-encoding:\s*quoted-printable/i.test(headers)) return body;
	const unwrapped = body.replace(/=\r\n/g, '');
	const bytes = unwrapped.split(/(=[0-9A-F]{2})/i).flatMap((part) => (/^=[0-9A-F]{2}$/i.test(part) ? [parseInt(part.slice(1), 16)] : [...Buffer.from(part, 'utf8')]));
	return Buffer.from(bytes).toString('utf8');
}
