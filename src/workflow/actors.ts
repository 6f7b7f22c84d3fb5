import type { Actor } from '../store/index.ts';

/** The workflow engine itself, for automatic grouping, assignment and SLA escalations. */
export const WORKFLOW_ACTOR: Actor = { id: 'vigil-workflow', kind: 'automation', name: 'Vigil workflow' };

/** The AI triage: its decisions and suggestions on the timeline. */
export const TRIAGE_ACTOR: Actor = { id: 'vigil-triage', kind: 'ai', name: 'Vigil triage' };
