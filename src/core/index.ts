export * from './alert.ts';
export * from './severity.ts';
export * from './ids.ts';
export * from './clock.ts';
export * from './errors.ts';
export * from './roles.ts';
