/**
 * A stand-in for `npm run dev` in test/integration/stopOnSignal.test.ts: a detached server that
 * keeps logging (as n8n does) and takes a moment to shut down, started as dev.ts starts n8n.
 * `--slow-start`: the server is ready only after 3 s, for a Ctrl-C during the start.
 */
import { ServerProcess } from '../../scripts/n8n/serverProcess';
import { stopOnSignal } from '../../scripts/n8n/stopOnSignal';

const slowStart = process.argv.includes('--slow-start');
const say = (line: string) => process.stdout.write(`${line}\n`);
// Like n8n, it outlives a broken stdout (its logger ignores write errors).
const SERVER = `
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});
setTimeout(() => console.log('ready'), ${slowStart ? 3000 : 0});
setInterval(() => console.log('server log line'), 20);
process.on('SIGTERM', () => setTimeout(() => process.exit(0), 300));
`;

const server = new ServerProcess('chatty server', process.execPath, ['-e', SERVER], { readyLine: 'ready', log: say });
stopOnSignal(async () => await server.stop());

async function main() {
	const starting = server.start();
	say(`server pid ${server.pid}`);
	await starting;
	say('server ready');
	// Keeps writing to stdout, which is a pipe to tee that Ctrl-C ends.
	setInterval(() => say('dev log line'), 20);
}
void main();
