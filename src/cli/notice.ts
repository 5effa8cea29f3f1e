/**
 * Notes to the user on stderr (`llmsched: note: ...`): what a command did to its input that the
 * user should know (an unsorted trace was sorted, requests exceed the model's context). Each
 * distinct message is printed once per process, however many times the trace is read.
 *
 * @example
 * readTrace(path, { onNotice: notice });
 */
const said = new Set<string>();

export function notice(message: string): void {
  if (said.has(message)) return;
  said.add(message);
  process.stderr.write(`llmsched: note: ${message}\n`);
}
