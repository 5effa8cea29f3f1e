/** Three-way numeric comparison for sort callbacks (NaN-free inputs assumed). */
export const compareNumbers = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);
