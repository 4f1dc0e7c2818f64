import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
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

/** `npm pack` of this repository (with the `dist/` of the last build) into a new temporary folder, unpacked. */
export function packedPackage(): PackedPackage {
	const destination = mkdtempSync(join(tmpdir(), 'itsme-pack-'));
	const [pack] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }).toString(),
	) as Array<{ filename: string; files: Array<{ path: string }> }>;
	const tarball = join(destination, pack.filename);
	const folder = join(destination, 'package');
	mkdirSync(folder);
	execFileSync('tar', ['-xzf', tarball, '-C', folder, '--strip-components=1']);
	return { tarball, folder, files: pack.files.map((file) => file.path).sort() };
}
