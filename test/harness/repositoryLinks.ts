import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository on GitHub; npm ships only the README, so its links into the repository are absolute. */
export const REPOSITORY = 'https://github.com/n8n-nodes-signicat-itsme/n8n-nodes-signicat-itsme';

const root = join(__dirname, '../..');

/** The file of this checkout a repository link shows: the README at the repository's root, else the file on main. */
export const fileOf = (url: string): string => (url === REPOSITORY ? 'README.md' : url.replace(`${REPOSITORY}/blob/main/`, ''));

export const readRepositoryFile = (file: string): string => readFileSync(join(root, file), 'utf8');

/** GitHub's anchors of a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens. */
export const anchorsOf = (file: string): Set<string> =>
	new Set(
		[...readRepositoryFile(file).matchAll(/^#{1,4} (.+)$/gm)].map(([, heading]) =>
			heading.trim().toLowerCase().replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-'),
		),
	);
