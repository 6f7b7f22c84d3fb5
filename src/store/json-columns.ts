/** JSON text columns: both dialects store text; these keep parse failures loud and typed. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
