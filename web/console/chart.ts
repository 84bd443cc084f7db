/**
 * A line chart drawn as SVG, by hand: a minute of once-a-second figures, one line per series, the
 * y axis from 0 to a round number above the highest value. The SVG's description says the latest
 * values in words, for a reader who cannot see the lines.
 */

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 600;
const HEIGHT = 200;
const LEFT = 48;
const BOTTOM = 22;
const TOP = 10;

export interface Series {
  /** The CSS class its line takes (series-<name>). */
  name: string;
  values: readonly (number | null)[];
}

/** 1, 2 or 5 times a power of ten, at least `value`: the top of the axis. */
export function roundUp(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

function node<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  return element;
}

/** Redraws `svg` with `series` over `slots` seconds, the newest at the right. */
export function drawChart(
  svg: SVGSVGElement,
  series: readonly Series[],
  slots: number,
  description: string,
): void {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const top = roundUp(Math.max(0, ...all));
  const x = (i: number) => LEFT + ((WIDTH - LEFT - 8) * i) / Math.max(1, slots - 1);
  const y = (v: number) => HEIGHT - BOTTOM - ((HEIGHT - BOTTOM - TOP) * v) / top;
  // The description the SVG is labelled by keeps its element (and id); only its words change.
  const desc = svg.querySelector('desc') ?? node('desc', {});
  desc.textContent = description;
  const title = svg.querySelector<SVGTitleElement>('title');
  const parts: SVGElement[] = [
    ...(title ? [title] : []),
    desc,
    node('line', { class: 'axis', x1: LEFT, y1: y(0), x2: WIDTH - 8, y2: y(0) }),
    node('line', { class: 'axis', x1: LEFT, y1: y(top), x2: WIDTH - 8, y2: y(top) }),
  ];
  const label = (text: string, attrs: Record<string, string | number>) => {
    const t = node('text', attrs);
    t.textContent = text;
    parts.push(t);
  };
  label('0', { x: LEFT - 6, y: y(0) + 4, 'text-anchor': 'end' });
  label(top.toLocaleString(), { x: LEFT - 6, y: y(top) + 4, 'text-anchor': 'end' });
  label('a minute ago', { x: LEFT, y: HEIGHT - 4 });
  label('now', { x: WIDTH - 8, y: HEIGHT - 4, 'text-anchor': 'end' });
  for (const s of series) {
    const offset = slots - s.values.length;
    const points = s.values
      .map((v, i) => (v === null ? undefined : `${x(i + offset).toFixed(1)},${y(v).toFixed(1)}`))
      .filter(Boolean)
      .join(' ');
    parts.push(node('polyline', { class: `series-${s.name}`, points }));
    // The newest value as a dot too: a line of one point draws nothing.
    const last = s.values.at(-1);
    if (last !== null && last !== undefined) {
      parts.push(node('circle', { class: `series-${s.name}`, cx: x(slots - 1), cy: y(last), r: 4 }));
    }
  }
  svg.replaceChildren(...parts);
}
