/**
 * External services the contract suites run against when reachable. On CI (CI=1) or with
 * VIGIL_REQUIRE_SERVICES=1 a missing service is a failure, not a skip.
 */
export function servicesRequired(): boolean {
  return process.env['CI'] === '1' || process.env['CI'] === 'true' || process.env['VIGIL_REQUIRE_SERVICES'] === '1';
}

export const postgresBaseUrl = (): string =>
  process.env['VIGIL_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const natsUrl = (): string => process.env['VIGIL_NATS_URL'] ?? 'nats://127.0.0.1:4222';
