/**
 * Whether two different texts are one typo apart: one letter wrong, missing or added, or two
 * neighbouring letters swapped (Damerau's four kinds of single error).
 */
export function oneTypoApart(a: string, b: string): boolean {
	if (a === b || Math.abs(a.length - b.length) > 1) return false;
	if (a.length === b.length) {
		const differ = [...a].flatMap((letter, i) => (letter === b[i] ? [] : [i]));
		if (differ.length === 1) return true;
		const [i, j] = differ;
		return differ.length === 2 && j === i + 1 && a[i] === b[j] && a[j] === b[i];
	}
	const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
	let i = 0;
	while (i < shorter.length && shorter[i] === longer[i]) i++;
	return shorter.slice(i) === longer.slice(i + 1);
}
