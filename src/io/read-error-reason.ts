/**
 * Why a file could not be read, in a few words for a one-line error (`no such file`, `is a
 * directory`, `permission denied`, else the Node error code), so every reader says it the same way.
 *
 * @example
 * `${path}: cannot read the trace (${readErrorReason(error)})`
 */
export function readErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a parent is not a directory';
    default:
      return code ?? String(error);
  }
}
