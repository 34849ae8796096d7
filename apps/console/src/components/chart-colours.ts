/**
 * Distinct line colours that colour-blind readers tell apart: Paul Tol's "muted" scheme, its nine
 * colours ordered so that the first few differ most. The history is drawn in near-black beside them.
 */
export const PALETTE = [
  '#332288',
  '#CC6677',
  '#117733',
  '#DDCC77',
  '#88CCEE',
  '#882255',
  '#44AA99',
  '#999933',
  '#AA4499',
] as const;

/** A colour with an alpha, from `#rrggbb`. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
