/**
 * The ECharts library's minified browser bundle, read from node_modules, to inline in the HTML
 * report so it works offline as one file.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The ECharts library's minified browser bundle, read from node_modules, to inline in the HTML
 * report so it works offline as one file.
 */
export function loadEchartsSource(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
}
