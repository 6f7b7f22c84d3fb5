import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { VigilError } from './errors.ts';
import { startModuleWorker } from './ts-worker.ts';
import { WorkerRpc } from './worker-rpc.ts';

type Request = { kind: 'echo' | 'user-error' | 'crash'; value?: string };
const start = () => new WorkerRpc<Request, string>(startModuleWorker(new URL('./worker-rpc-fixture.ts', import.meta.url)), 'test');

describe('worker RPC', () => {
  it('answers calls, counting them in flight until answered', async () => {
    const rpc = start();
    const answers = Promise.all(['a', 'b', 'c'].map((value) => rpc.call({ kind: 'echo', value })));
    assert.equal(rpc.inFlight, 3);
    assert.deepEqual(await answers, ['a', 'b', 'c']);
    assert.equal(rpc.inFlight, 0);
    await rpc.close();
  });

  it("brings a thread's user error back with its code, status and details", async () => {
    const rpc = start();
    const error = await rpc.call({ kind: 'user-error' }).catch((e: unknown) => e);
    assert.ok(error instanceof VigilError);
    assert.equal(error.kind, 'user');
    assert.equal(error.code, 'bad_thing');
    assert.equal(error.status, 422);
    assert.deepEqual(error.details, { where: 7 });
    await rpc.close();
  });

  it('fails the calls of a thread that dies, and every later call at once', async () => {
    const rpc = start();
    assert.equal(await rpc.call({ kind: 'echo', value: 'up' }), 'up');
    await assert.rejects(rpc.call({ kind: 'crash' }), /thread stopped/);
    assert.equal(rpc.alive, false);
    await assert.rejects(rpc.call({ kind: 'echo', value: 'x' }), /has stopped/);
  });
});
