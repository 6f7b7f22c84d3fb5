import pino, { type Logger } from 'pino';

/** Structured logs on stdout; credentials are redacted wherever they could appear. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'vigil' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'headers.authorization',
          'headers.cookie',
          'token',
          'password',
          '*.token',
          '*.password',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
