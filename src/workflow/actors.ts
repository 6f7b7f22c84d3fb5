import type { Actor } from '../store/index.ts';

/** The workflow engine itself, for automatic grouping, assignment and SLA escalations. */
export const WORKFLOW_ACTOR: Actor = { id: 'vigil-workflow', kind: 'automation', name: 'Vigil workflow' };
