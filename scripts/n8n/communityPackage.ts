import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The two ways a community package gets into n8n (~/.n8n/nodes), from an `npm pack` tarball:
 * - `n8n`: what n8n's Settings → Community Nodes → Install does (n8n 1.x and 2.x alike): unpack
 *   into node_modules/<name>, drop dev, peer and optional dependencies from its package.json,
 *   `npm install` inside it, list it in the folder's package.json. The package then finds
 *   `n8n-workflow` and `zod` only through n8n's own module paths.
 * - `npm`: the README's install by hand, `npm install --omit=peer <package>` in that folder.
 */
export type InstallBy = 'n8n' | 'npm';

const npm = (args: string[], cwd: string): void => {
	execFileSync('npm', [...args, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
};

export function installCommunityPackage(tarball: string, userFolder: string, by: InstallBy): void {
	const folder = join(userFolder, '.n8n', 'nodes');
	const folderManifest = join(folder, 'package.json');
	mkdirSync(folder, { recursive: true });
	if (!existsSync(folderManifest)) writeFileSync(folderManifest, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	if (by === 'npm') {
		npm(['install', '--omit=peer', tarball], folder);
		return;
	}
	const name = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json']).toString()).name as string;
	const packageFolder = join(folder, 'node_modules', name);
	rmSync(packageFolder, { recursive: true, force: true });
	mkdirSync(packageFolder, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageFolder, '--strip-components=1']);
	const manifestPath = join(packageFolder, 'package.json');
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
	for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete manifest[field];
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	npm(['install', '--bin-links=false', '--install-strategy=shallow', '--package-lock=false'], packageFolder);
	const folderPackage = JSON.parse(readFileSync(folderManifest, 'utf8'));
	folderPackage.dependencies = { ...folderPackage.dependencies, [name]: manifest.version };
	writeFileSync(folderManifest, JSON.stringify(folderPackage, null, 2));
}
