import { sql, type ColumnDefinitionBuilder, type RawBuilder } from 'kysely';

/**
 * Where SQLite and PostgreSQL differ, the difference lives here as named capabilities, so the rest of
 * the store never asks which engine it runs on.
 */
export interface DialectCapabilities {
  readonly name: 'sqlite' | 'postgres';
  /** Column definition of an auto-incrementing integer primary key. */
  autoIncrementKey(col: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Type of an epoch-milliseconds column (64-bit). */
  readonly millisType: 'integer' | 'bigint';
  /** Case-insensitive substring match operator. */
  readonly caseInsensitiveLike: 'like' | 'ilike';
  /** Largest number of bound parameters one statement may carry. */
  readonly maxParameters: number;
  /**
   * Suffix for tables whose primary key is the whole access path (no separate row id): SQLite's
   * WITHOUT ROWID stores such a table as one B-tree instead of two.
   */
  clusteredTableSuffix(): RawBuilder<unknown>;
  /**
   * How long after insert a row's sequence number is safe to follow: SQLite commits in sequence order;
   * PostgreSQL hands out sequence values before commit, so a reader waits for slower transactions.
   */
  readonly sequenceSettleMs: number;
  /** Escape clause for LIKE patterns that use `\` as the escape character. */
  likeEscape(): RawBuilder<unknown>;
}

export const sqliteCapabilities: DialectCapabilities = {
  name: 'sqlite',
  autoIncrementKey: (col) => col.primaryKey().autoIncrement(),
  millisType: 'integer',
  caseInsensitiveLike: 'like',
  maxParameters: 32_000,
  sequenceSettleMs: 0,
  likeEscape: () => sql`escape '\\'`,
  clusteredTableSuffix: () => sql`without rowid`,
};

export const postgresCapabilities: DialectCapabilities = {
  name: 'postgres',
  autoIncrementKey: (col) => col.primaryKey().generatedByDefaultAsIdentity(),
  millisType: 'bigint',
  caseInsensitiveLike: 'ilike',
  maxParameters: 65_000,
  sequenceSettleMs: 3_000,
  likeEscape: () => sql`escape '\\'`,
  clusteredTableSuffix: () => sql``,
};
