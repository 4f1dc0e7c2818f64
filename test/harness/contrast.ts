/** WCAG 2.x contrast ratio of two colours given as [r, g, b] channels of 0–255. */
export function contrastRatio(a: number[], b: number[]): number {
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (light + 0.05) / (dark + 0.05);
}

/** WCAG 2.x relative luminance. */
function luminance(channels: number[]): number {
	const [r, g, b] = channels.map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** `#abc` or `#aabbcc` as channels. */
export function hexChannels(hex: string): number[] {
	const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
	return [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16));
}

/** A computed CSS colour, `rgb(r, g, b)` or `rgba(r, g, b, a)`, as channels. */
export const rgbChannels = (rgb: string): number[] => (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
