/**
 * The lint stages of n8n's verification scanner (`@n8n/scan-community-package`), offline. Its CLI
 * checks the npm provenance statement of a published version, then runs `analyzePackage` twice: on
 * the source the statement points at (its SOURCE_FILE_PATTERNS) and on the unpacked tarball (compiled
 * `.js` and package.json). Provenance exists only once GitHub Actions has published; both lint stages
 * run here, with the scanner's own code and rules.
 *
 * Usage: tsx scripts/scanPackage.ts [--source <folder>] [--tarball <folder>]
 * Without arguments: this repository and its `npm pack` (build first). Exits 1 on any violation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { packedPackage } from './packedPackage';

interface ScanResult {
	passed: boolean;
	message?: string;
	details?: string;
}
interface Scanner {
	analyzePackage(folder: string, patterns: string[]): Promise<ScanResult>;
	SOURCE_FILE_PATTERNS: string[];
}

// The tarball stage's patterns, as written in the scanner's analyzePackageByName.
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
// A variable, so that TypeScript does not look for types the scanner does not ship.
const SCANNER_MODULE = '@n8n/scan-community-package/scanner/scanner.mjs';

interface Stage {
	stage: 'source' | 'tarball';
	folder: string;
	/** A temporary `npm pack`, removed after the scan. */
	temporary?: string;
}

function stagesFromArguments(args: string[]): Stage[] {
	const stages: Stage[] = [];
	for (let index = 0; index < args.length; index += 2) {
		const stage = args[index].replace(/^--/, '');
		if ((stage !== 'source' && stage !== 'tarball') || !args[index + 1]) {
			throw new Error(`Usage: tsx scripts/scanPackage.ts [--source <folder>] [--tarball <folder>] (got "${args.join(' ')}")`);
		}
		stages.push({ stage, folder: resolve(args[index + 1]) });
	}
	if (stages.length > 0) return stages;
	const packed = packedPackage();
	return [
		{ stage: 'source', folder: resolve(__dirname, '..') },
		{ stage: 'tarball', folder: packed.folder, temporary: dirname(packed.tarball) },
	];
}

async function main(): Promise<void> {
	const stages = stagesFromArguments(process.argv.slice(2));
	// With NODE_ENV=test (jest sets it) eslint-plugin-n8n-nodes-base takes every file for a node file
	// named Test.node.ts and reports what the real scan would not: scan as n8n's CLI does.
	delete process.env.NODE_ENV;
	// The scanner makes a temporary folder for downloads when loaded, and leaves it: in one of ours.
	const scratch = mkdtempSync(join(tmpdir(), 'itsme-scan-'));
	process.env.TMPDIR = scratch;
	const scanner = (await import(SCANNER_MODULE)) as Scanner;
	let failed = false;
	for (const { stage, folder, temporary } of stages) {
		const patterns = stage === 'source' ? scanner.SOURCE_FILE_PATTERNS : TARBALL_FILE_PATTERNS;
		const result = await scanner.analyzePackage(folder, patterns);
		if (result.passed) {
			console.log(`✅ ${stage} stage (${patterns.join(', ')} in ${folder}): 0 violations`);
		} else {
			failed = true;
			console.log(`❌ ${stage} stage (${patterns.join(', ')} in ${folder}): ${result.message}\n${result.details ?? ''}`);
		}
		if (temporary) rmSync(temporary, { recursive: true, force: true });
	}
	rmSync(scratch, { recursive: true, force: true });
	process.exitCode = failed ? 1 : 0;
}

void main();
