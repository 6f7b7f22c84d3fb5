export * from './principal.ts';
export * from './authenticator.ts';
export * from './identity-service.ts';
export { generateToken, hashToken, hashPassword, verifyPassword } from './secrets.ts';
export { SessionService } from './sessions.ts';
