/** Syslog framing and header parsing (RFC 5424, RFC 3164, RFC 6587). The UDP/TCP listener lives elsewhere. */
export { parseSyslogLine } from './syslog-header.ts';
export type { SyslogMessage, SyslogParseOptions, SyslogParseResult } from './syslog-message.ts';
export { readPri, severityName, facilityName, SYSLOG_SEVERITIES, SYSLOG_FACILITIES } from './pri.ts';
export type { Pri, SyslogSeverityName, SyslogFacilityName } from './pri.ts';
export { parseStructuredData } from './structured-data.ts';
export type { StructuredData } from './structured-data.ts';
