/**
 * Where the engine's model comes from: a user's GGUF (`--model PATH`), or a model the project
 * generates itself (`--preset tiny|small|medium`, cached; no download). Default: the `small` preset.
 */
import { assertNever } from '../../core/assert-never.js';
import { ensureGeneratedModel } from '../gguf/generate-model.js';
import { modelPreset } from '../gguf/model-config.js';

export type ModelSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'preset'; readonly preset: string; readonly seed: number };

export const defaultModelPreset = 'small';

/** The GGUF path of a source (generates and caches preset models on first use). */
export function resolveModelPath(source: ModelSource): string {
  switch (source.kind) {
    case 'file':
      return source.path;
    case 'preset':
      return ensureGeneratedModel({
        label: source.preset,
        shape: modelPreset(source.preset),
        seed: source.seed,
      });
    default:
      return assertNever(source);
  }
}
