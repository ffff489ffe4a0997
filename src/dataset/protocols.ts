/**
 * IANA "Assigned Internet Protocol Numbers" keywords, the vocabulary of an
 * entry's `protocol` field. Matched without regard to letter case.
 */
import { PORTED_PROTOCOLS, type Entry } from './schema.js';

const IANA_KEYWORDS = [
  'HOPOPT', 'ICMP', 'IGMP', 'GGP', 'IPv4', 'ST', 'TCP', 'CBT', 'EGP', 'IGP', 'BBN-RCC-MON', 'NVP-II', 'PUP',
  'ARGUS', 'EMCON', 'XNET', 'CHAOS', 'UDP', 'MUX', 'DCN-MEAS', 'HMP', 'PRM', 'XNS-IDP', 'TRUNK-1', 'TRUNK-2',
  'LEAF-1', 'LEAF-2', 'RDP', 'IRTP', 'ISO-TP4', 'NETBLT', 'MFE-NSP', 'MERIT-INP', 'DCCP', '3PC', 'IDPR', 'XTP',
  'DDP', 'IDPR-CMTP', 'TP++', 'IL', 'IPv6', 'SDRP', 'IPv6-Route', 'IPv6-Frag', 'IDRP', 'RSVP', 'GRE', 'DSR',
  'BNA', 'ESP', 'AH', 'I-NLSP', 'SWIPE', 'NARP', 'Min-IPv4', 'TLSP', 'SKIP', 'IPv6-ICMP', 'IPv6-NoNxt',
  'IPv6-Opts', 'CFTP', 'SAT-EXPAK', 'KRYPTOLAN', 'RVD', 'IPPC', 'SAT-MON', 'VISA', 'IPCV', 'CPNX', 'CPHB',
  'WSN', 'PVP', 'BR-SAT-MON', 'SUN-ND', 'WB-MON', 'WB-EXPAK', 'ISO-IP', 'VMTP', 'SECURE-VMTP', 'VINES', 'TTP',
  'IPTM', 'NSFNET-IGP', 'DGP', 'TCF', 'EIGRP', 'OSPFIGP', 'Sprite-RPC', 'LARP', 'MTP', 'AX.25', 'IPIP', 'MICP',
  'SCC-SP', 'ETHERIP', 'ENCAP', 'GMTP', 'IFMP', 'PNNI', 'PIM', 'ARIS', 'SCPS', 'QNX', 'A/N', 'IPComp', 'SNP',
  'Compaq-Peer', 'IPX-in-IP', 'VRRP', 'PGM', 'L2TP', 'DDX', 'IATP', 'STP', 'SRP', 'UTI', 'SMP', 'SM', 'PTP',
  'ISIS over IPv4', 'FIRE', 'CRTP', 'CRUDP', 'SSCOPMCE', 'IPLT', 'SPS', 'PIPE', 'SCTP', 'FC',
  'RSVP-E2E-IGNORE', 'Mobility Header', 'UDPLite', 'MPLS-in-IP', 'manet', 'HIP', 'Shim6', 'WESP', 'ROHC',
  'Ethernet', 'AGGFRAG', 'NSH',
] as const;

/** The keywords in upper case, as {@link normalizeProtocol} writes them. */
export const KNOWN_PROTOCOLS: ReadonlySet<string> = new Set(IANA_KEYWORDS.map((k) => k.toUpperCase()));
/** The protocols with ports, in upper case. */
export const PORTED: ReadonlySet<string> = new Set<string>(PORTED_PROTOCOLS);

/** Common names people write instead of the IANA keyword. */
const ALIASES: Record<string, string> = { ICMPV6: 'IPv6-ICMP', IPV6ICMP: 'IPv6-ICMP', UDPLITE: 'UDPLite', IPINIP: 'IPIP' };

// A keyword already in upper case (most are) is found in the set faster than it is upper-cased again.
export const normalizeProtocol = (protocol: string): string => (KNOWN_PROTOCOLS.has(protocol) ? protocol : protocol.toUpperCase());

export const isKnownProtocol = (protocol: string): boolean => KNOWN_PROTOCOLS.has(normalizeProtocol(protocol));

export const protocolHasPort = (protocol: string): boolean => PORTED.has(normalizeProtocol(protocol));

/** The IANA keyword a user probably meant, if the input is a known alias. */
export const suggestProtocol = (protocol: string): string | undefined =>
  ALIASES[normalizeProtocol(protocol).replace(/[^A-Z0-9]/g, '')];

/** `23/TCP` or `GRE`: the display form of an entry, also its identity within a list. */
export const entryKey = (entry: Pick<Entry, 'protocol' | 'port'>): string =>
  entry.port === undefined ? normalizeProtocol(entry.protocol) : `${entry.port}/${normalizeProtocol(entry.protocol)}`;
