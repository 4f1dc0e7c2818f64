/**
 * Whether a host name of a URL is this machine or a private network, where `http://` may carry the
 * client secret (the bundled emulator, a container next to n8n). Judged by the name alone, before any
 * connection: n8n's nodes cannot resolve names, and a resolution checked now could change by the
 * time of the request.
 *
 * Private: loopback (127.0.0.0/8, ::1, localhost, *.localhost), RFC 1918 (10/8, 172.16/12,
 * 192.168/16), IPv6 unique local (fc00::/7), IPv4-mapped forms of these, and names no public DNS
 * answers for: single-label names (Docker and Kubernetes service names such as `signicat-emulator`),
 * *.local (mDNS), *.internal (reserved for private use, e.g. host.docker.internal), *.home.arpa.
 */
export function isPrivateHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	if (host.startsWith('[')) return isPrivateIpv6(host.slice(1, -1));
	const ipv4 = ipv4Octets(host);
	if (ipv4) return isPrivateIpv4(ipv4);
	if (/^[\d.]+$/.test(host)) return false;
	return (
		host === 'localhost' ||
		!host.includes('.') ||
		['.localhost', '.local', '.internal', '.home.arpa'].some((suffix) => host.endsWith(suffix))
	);
}

function ipv4Octets(host: string): number[] | undefined {
	const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	return match ? match.slice(1).map(Number) : undefined;
}

function isPrivateIpv4([a, b]: number[]): boolean {
	return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

// The URL parser has already written the address in its shortest form (e.g. ::ffff:a00:1).
function isPrivateIpv6(address: string): boolean {
	if (address === '::1') return true;
	const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
	if (mapped) {
		const [high, low] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
		return isPrivateIpv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
	}
	return /^f[cd][0-9a-f]{2}:/.test(address);
}
