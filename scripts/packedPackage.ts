import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');

export interface PackedPackage {
	tarball: string;
	/** The tarball unpacked as n8n's scanner unpacks a published version (`tar --strip-components=1`). */
	folder: string;
	/** Every path in the tarball, relative to its `package/` folder, sorted. */
	files: string[];
}

/**
 * `npm pack` of this checkout, with the `dist/` of the last build, into a new temporary folder,
 * unpacked. `--ignore-scripts` skips the prepack build: the callers build once beforehand (npm test
 * does), and a build per pack would delete `dist/` under another test's pack.
 */
export function packedPackage(): PackedPackage {
	const destination = mkdtempSync(join(tmpdir(), 'itsme-pack-'));
	const [pack] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }).toString(),
	) as Array<{ filename: string; files: Array<{ path: string }> }>;
	const tarball = join(destination, pack.filename);
	const folder = join(destination, 'package');
	mkdirSync(folder);
	execFileSync('tar', ['-xzf', tarball, '-C', folder, '--strip-components=1']);
	return { tarball, folder, files: pack.files.map((file) => file.path).sort() };
}

/**
 * What someone gets who clones the repository and packs it, without building: a clone of this
 * checkout's tracked files (uncommitted changes included, untracked files not), `npm ci
 * --ignore-scripts` as the README says, then a plain `npm pack`, whose prepack script builds `dist/`.
 * Returns the tarball, in a new temporary folder; the clone is removed.
 */
export function packFreshClone(): string {
	const clone = mkdtempSync(join(tmpdir(), 'itsme-clone-'));
	const destination = mkdtempSync(join(tmpdir(), 'itsme-clone-pack-'));
	// npm run from npm (npm test) hands its settings down as npm_config_* variables: not to this other project.
	const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_(config|package|lifecycle)_/i.test(name)));
	const run = (command: string, args: string[], cwd: string) =>
		execFileSync(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] }).toString().trim();
	try {
		// --shared: the clone reads this repository's objects, so it can check out a commit made here and not pushed.
		run('git', ['clone', '--quiet', '--shared', root, clone], root);
		const workingTree = run('git', ['stash', 'create'], root);
		if (workingTree) run('git', ['checkout', '--quiet', workingTree], clone);
		run('npm', ['ci', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], clone);
		// (Its standard output also carries the build's, hence the folder is read rather than the output.)
		run('npm', ['pack', '--pack-destination', destination, '--loglevel=error'], clone);
		const [tarball] = readdirSync(destination).filter((file) => file.endsWith('.tgz'));
		if (!tarball) throw new Error(`npm pack in a fresh clone wrote no tarball into ${destination}`);
		return join(destination, tarball);
	} finally {
		rmSync(clone, { recursive: true, force: true });
	}
}
