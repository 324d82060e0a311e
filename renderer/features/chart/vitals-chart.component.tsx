import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntryRecord } from '../../../src/api/schemas/record.ts';
import type { Birth } from '../../../src/domain/person.ts';
import { VITALS, type VitalName } from '../../../src/domain/vitals.ts';
import { unitText, useVitalLabel, vitalOf } from './labels.ts';

const WIDTH = 560;
const HEIGHT = 180;
const PAD = 32;

interface Point {
  at: string;
  value: number;
}

/** One vital sign over time, as a line with its points and a table of the same values. */
export function VitalsChart({ entries }: { entries: EntryRecord[]; birth: Birth }) {
  const { t, i18n } = useTranslation();
  const vitalLabel = useVitalLabel();
  const selectId = useId();
  const series = new Map<VitalName, Point[]>();
  for (const e of entries) {
    if (e.body.kind !== 'observation' || e.body.value.type !== 'quantity') continue;
    const vital = vitalOf(e.body.code);
    if (!vital) continue;
    const list = series.get(vital) ?? [];
    list.push({ at: e.body.effectiveAt, value: e.body.value.value });
    series.set(vital, list);
  }
  const available = (Object.keys(VITALS) as VitalName[]).filter((v) => series.has(v));
  const [chosen, setChosen] = useState<VitalName | null>(null);
  const vital = chosen && series.has(chosen) ? chosen : (available.find((v) => v === 'weight') ?? available[0]);
  if (!vital) return null;
  const points = (series.get(vital) ?? []).sort((a, b) => (a.at < b.at ? -1 : 1));
  const values = points.map((p) => p.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || Math.max(1, Math.abs(max) * 0.1);
  const times = points.map((p) => Date.parse(p.at));
  const t0 = Math.min(...times);
  const tSpan = Math.max(...times) - t0 || 1;
  const x = (ms: number) => (points.length === 1 ? WIDTH / 2 : PAD + ((ms - t0) / tSpan) * (WIDTH - 2 * PAD));
  const y = (v: number) => HEIGHT - PAD - ((v - (min - span * 0.1)) / (span * 1.2)) * (HEIGHT - 2 * PAD);
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short' });
  const unit = unitText(VITALS[vital].unit);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(Date.parse(p.at)).toFixed(1)} ${y(p.value).toFixed(1)}`).join(' ');
  return (
    <details className="panel" open>
      <summary>{t('chart.vitals', 'Vital signs over time')}</summary>
      <div className="field inline">
        <label htmlFor={selectId}>{t('chart.vitalShown', 'Shown')}</label>
        <select id={selectId} value={vital} onChange={(e) => setChosen(e.target.value as VitalName)}>
          {available.map((v) => (
            <option key={v} value={v}>
              {vitalLabel(v)}
            </option>
          ))}
        </select>
      </div>
      {/* Time runs left to right in every language, as on paper charts. */}
      <div dir="ltr">
      <svg className="vitals-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${vitalLabel(vital)} (${unit})`}>
        <line x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} className="axis" />
        <text x={4} y={y(max) + 4} className="tick">
          {number.format(max)}
        </text>
        <text x={4} y={y(min) + 4} className="tick">
          {number.format(min)}
        </text>
        <path d={path} className="line" fill="none" />
        {points.map((p, i) => (
          <circle key={i} cx={x(Date.parse(p.at))} cy={y(p.value)} r={4} className="point">
            <title>{`${date.format(new Date(p.at))}: ${number.format(p.value)} ${unit}`}</title>
          </circle>
        ))}
      </svg>
      </div>
      <table className="table compact" data-testid="vitals-table">
        <caption className="visually-hidden">{vitalLabel(vital)}</caption>
        <thead>
          <tr>
            <th>{t('chart.date', 'Date')}</th>
            <th>{`${vitalLabel(vital)} (${unit})`}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p, i) => (
            <tr key={i}>
              <td>{date.format(new Date(p.at))}</td>
              <td>{number.format(p.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
