import { userError } from './errors.ts';
import { serveRpc } from './worker-rpc.ts';

/** A thread for worker-rpc.test.ts: echoes, raises a user error, or dies. */
serveRpc(
  (request: { kind: 'echo' | 'user-error' | 'crash'; value?: string }) => {
    if (request.kind === 'user-error') throw userError('bad_thing', 'that was wrong', 422, { where: 7 });
    if (request.kind === 'crash') process.exit(3);
    return request.value;
  },
  () => undefined,
);
