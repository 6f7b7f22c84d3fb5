import { z } from 'zod';
import { VERDICTS } from '../core/verdict.ts';
import { TIERS } from './incident.ts';

/** The bodies of human actions on an incident; `version` is the incident version the caller saw. */
const version = z.number().int().positive().optional().describe('the incident version you read; a mismatch is a 409 conflict');
const note = z.string().trim().min(1, 'a note is required').max(10_000);

export const acknowledgeBody = z.object({ version });
export const assignBody = z.object({ assignee: z.string().min(1).describe('user id, or "me"'), version });
export const escalateBody = z.object({ note, toTier: z.enum(TIERS).optional(), version });
export const commentBody = z.object({ text: note });
export const startBody = z.object({ version });
export const containBody = z.object({ note, version });
export const closeBody = z.object({ verdict: z.enum(VERDICTS), note, version });
export const reopenBody = z.object({ note, version });
export const mergeBody = z.object({ from: z.array(z.string().min(1)).min(1).max(100), note });
export const splitBody = z.object({ alertIds: z.array(z.string().min(1)).min(1).max(10_000), note });
export const linkBody = z.object({ other: z.string().min(1), note });

export type AssignBody = z.infer<typeof assignBody>;
export type EscalateBody = z.infer<typeof escalateBody>;
export type CloseBody = z.infer<typeof closeBody>;
