/** JSON text columns: both dialects store text; these keep parse failures loud and typed. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** Parses a JSON column the store itself wrote; the caller names the shape it stored. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the type is the caller's claim about its own column
export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
