/** A parsed syslog header and message, whichever RFC it came in. */
export interface SyslogMessage {
  readonly protocol: 'rfc5424' | 'rfc3164';
  readonly pri?: number;
  readonly facility?: number;
  readonly severity?: number;
  /** ISO 8601 UTC, when the header had a usable time (RFC 5424 `-` means none). */
  readonly timestamp?: string;
  readonly hostname?: string;
  readonly appName?: string;
  readonly procId?: string;
  readonly msgId?: string;
  /** RFC 5424 structured data: SD-ID → parameters (a name given several times keeps every value, in order). */
  readonly structuredData?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
  /** The MSG part, without a leading BOM. */
  readonly message: string;
  /** True when MSG started with a UTF-8 BOM (RFC 5424 MSG-UTF8). */
  readonly bom?: boolean;
}

export type SyslogParseResult =
  | { readonly ok: true; readonly message: SyslogMessage }
  | { readonly ok: false; readonly reason: string };

export interface SyslogParseOptions {
  /** Receive time (epoch ms): RFC 3164 times have no year; it is inferred from this instant (see inferYear). */
  readonly referenceMs?: number;
  /** Zone for RFC 3164 times, which carry none: `UTC` (default), an IANA name or `±HH:MM`. */
  readonly zone?: string;
}

/** Mutable while a parser fills it in; exposed as SyslogMessage. */
export type SyslogDraft = { -readonly [K in keyof SyslogMessage]: SyslogMessage[K] };
