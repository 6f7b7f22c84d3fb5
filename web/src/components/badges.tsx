import type { ActorKind, IncidentStatus, Priority, Tier } from '../api/types.ts';
import { STATUS_LABEL, TIER_LABEL } from '../api/vocab.ts';

export function PriorityBadge({ priority }: { priority: Priority }) {
  return (
    <span className={`badge prio prio-${priority}`} title={`priority ${priority.toUpperCase()}`}>
      {priority.toUpperCase()}
    </span>
  );
}

export function StatusBadge({ status }: { status: IncidentStatus }) {
  return <span className={`badge status status-${status}`}>{STATUS_LABEL[status]}</span>;
}

export function TierBadge({ tier }: { tier: Tier }) {
  return <span className="badge tier">{TIER_LABEL[tier]}</span>;
}

const ACTOR_LABEL: Readonly<Record<ActorKind, string>> = { human: 'Human', automation: 'Automation', ai: 'AI' };

export function ActorBadge({ kind }: { kind: ActorKind }) {
  return <span className={`badge actor actor-${kind}`}>{ACTOR_LABEL[kind]}</span>;
}
