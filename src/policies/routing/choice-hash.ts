/**
 * A pure 32-bit mixing hash (the splitmix32 finaliser) of a request seq and a draw index: the
 * deterministic "randomness" of power-of-d routing. Same inputs, same output; no state.
 *
 * @example
 * choiceHash(17, 0); // a uint32
 */
export function choiceHash(seq: number, draw: number): number {
  let z = (Math.imul(seq >>> 0, 0x9e3779b1) ^ Math.imul(draw + 1, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
