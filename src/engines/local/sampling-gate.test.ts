/** The sampling gate: the first sampling after a decode runs alone, the batch's others after it. */
import { describe, expect, it } from 'vitest';
import { gateSampling } from './sampling-gate.js';

function deferred(): { promise: Promise<unknown>; resolve: () => void; reject: () => void } {
  let resolve!: () => void;
  let reject!: () => void;
  const promise = new Promise<unknown>((res, rej) => {
    resolve = () => res(undefined);
    reject = () => rej(new Error('native failure'));
  });
  return { promise, resolve, reject };
}

/** A fake native context: records when each sampling starts, settles them on demand. */
function fakeNative() {
  const started: string[] = [];
  const pending = new Map<string, ReturnType<typeof deferred>>();
  const native = {
    decodeBatch: (): Promise<unknown> => Promise.resolve(),
    sampleToken: (index: unknown): Promise<unknown> => {
      const d = deferred();
      started.push(String(index));
      pending.set(String(index), d);
      return d.promise;
    },
  };
  return { native: gateSampling(native), started, pending };
}

const ticks = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await null;
};

describe('gateSampling', () => {
  it('starts the other samplings of a batch only after the first has settled, then all at once', async () => {
    const { native, started, pending } = fakeNative();
    await native.decodeBatch();
    const samples = ['a', 'b', 'c'].map((i) => native.sampleToken(i));
    await ticks();
    expect(started).toEqual(['a']);
    pending.get('a')?.resolve();
    await ticks();
    expect(started).toEqual(['a', 'b', 'c']);
    pending.get('b')?.resolve();
    pending.get('c')?.resolve();
    await Promise.all(samples);
  });

  it('a failed first sampling still releases the others, and each decode opens a new gate', async () => {
    const { native, started, pending } = fakeNative();
    await native.decodeBatch();
    const a = native.sampleToken('a');
    const b = native.sampleToken('b');
    pending.get('a')?.reject();
    await expect(a).rejects.toThrow('native failure');
    await ticks();
    expect(started).toEqual(['a', 'b']);
    pending.get('b')?.resolve();
    await b;
    await native.decodeBatch();
    void native.sampleToken('c');
    void native.sampleToken('d');
    await ticks();
    expect(started).toEqual(['a', 'b', 'c']);
  });
});
