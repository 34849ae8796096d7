/**
 * Cell-area latitude weights, as WeatherBench 2 computes them: each row's weight is the area of its
 * latitude band, sin(upper bound) - sin(lower bound), with bounds halfway between rows (the outer rows'
 * bounds half a step beyond, clipped to the poles), normalised to a mean of 1.
 */
export function latitudeWeights(latitude: ArrayLike<number>): Float64Array {
  const n = latitude.length;
  const rad = (d: number) => (Math.max(-90, Math.min(90, d)) * Math.PI) / 180;
  const bound = (i: number) => {
    if (i === 0) return latitude[0]! + (latitude[0]! - latitude[1]!) / 2;
    if (i === n) return latitude[n - 1]! - (latitude[n - 2]! - latitude[n - 1]!) / 2;
    return (latitude[i - 1]! + latitude[i]!) / 2;
  };
  const w = Float64Array.from({ length: n }, (_, i) =>
    Math.abs(Math.sin(rad(bound(i))) - Math.sin(rad(bound(i + 1)))),
  );
  const mean = w.reduce((a, b) => a + b, 0) / n;
  return w.map((x) => x / mean);
}
