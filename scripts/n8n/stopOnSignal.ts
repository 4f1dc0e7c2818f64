import { killAllServers, stopAllServers } from './serverProcess';

/**
 * Ctrl-C (SIGINT) or SIGTERM runs `stop` once, then ends the script; a second Ctrl-C (a second or
 * more later: one press can arrive twice, from the terminal and relayed) kills the servers at once. Works with stdout piped (`npm run dev | tee dev.log`): Ctrl-C ends `tee` too, so writing to
 * stdout then fails (EPIPE); that must not kill this script before it has stopped n8n, which runs in
 * its own process group and never sees the Ctrl-C. Messages go to stderr, the terminal.
 * Registered first thing, so a Ctrl-C during a long start stops what has started so far.
 */
export function stopOnSignal(stop: () => Promise<void>): void {
	const ignore = () => {};
	process.stdout.on('error', ignore);
	process.stderr.on('error', ignore);
	let stoppingSince: number | undefined;
	const onSignal = () => {
		if (stoppingSince !== undefined) {
			if (Date.now() - stoppingSince < 1000) return;
			console.error('Stopping now, without waiting.');
			killAllServers();
			process.exit(130);
		}
		stoppingSince = Date.now();
		console.error('\nStopping n8n and the emulator…');
		stop()
			.then(stopAllServers)
			.then(
				() => process.exit(0),
				(error: Error) => {
					console.error(`Could not stop cleanly: ${error.message}`);
					process.exit(1);
				},
			);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
}
