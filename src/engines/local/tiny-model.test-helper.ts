/**
 * The tiny generated GGUF model for the real-engine tests: generated into a fresh temporary
 * directory and opened before the file's tests (`beforeAll`), disposed and removed after them.
 * Its model and facts are read inside tests, after it has opened.
 *
 * @example
 * const tiny = useTinyModel('llmsched-engine-');
 * it('...', async () => { await LocalEngine.create({ model: tiny.model, facts: tiny.facts, ... }); });
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll } from 'vitest';
import { ensureGeneratedModel } from '../gguf/generate-model.js';
import { modelPresets } from '../gguf/model-config.js';
import { type GgufFacts, openModel } from './llama-runtime.js';

export interface TinyModel {
  /** The temporary directory (the model file is in it; tests may write other files there). */
  readonly dir: string;
  readonly model: LlamaModel;
  readonly facts: GgufFacts;
}

export function useTinyModel(prefix: string): TinyModel {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let opened: { readonly model: LlamaModel; readonly facts: GgufFacts } | undefined;
  beforeAll(async () => {
    const path = ensureGeneratedModel({
      label: 'tiny',
      shape: modelPresets.tiny,
      seed: 1,
      cacheDir: dir,
    });
    opened = await openModel(path);
  });
  afterAll(async () => {
    await opened?.model.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const get = (): { readonly model: LlamaModel; readonly facts: GgufFacts } => {
    if (opened === undefined)
      throw new Error('the tiny model opens in beforeAll: read it in a test');
    return opened;
  };
  return {
    dir,
    get model() {
      return get().model;
    },
    get facts() {
      return get().facts;
    },
  };
}
