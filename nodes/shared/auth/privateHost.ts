import { hostAddress, isPrivateIpv4 } from '../network/hostAddress';

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
	const address = hostAddress(hostname);
	if ('ipv4' in address) return isPrivateIpv4(address.ipv4);
	if ('ipv6' in address) return address.ipv6 === '::1' || /^f[cd][0-9a-f]{2}:/.test(address.ipv6);
	const host = address.name;
	if (/^[\d.]+$/.test(host)) return false;
	return (
		host === 'localhost' ||
		!host.includes('.') ||
		['.localhost', '.local', '.internal', '.home.arpa'].some((suffix) => host.endsWith(suffix))
	);
}
