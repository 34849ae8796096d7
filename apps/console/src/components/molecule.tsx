import type { ScoreResponse } from '@strata/drug-api';
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { post, request } from '../api';

/**
 * A molecule's 2D drawing (RDKit SVG from the drug API), fetched with the API key when there is one
 * and shown as an image, so nothing in it can run.
 */
export function Depiction({
  smiles,
  width = 150,
  height = 100,
}: {
  smiles: string;
  width?: number;
  height?: number;
}) {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const abort = new AbortController();
    let url: string | null = null;
    setFailed(false);
    request(
      `drug/v1/molecules/depict?${new URLSearchParams({ smiles, width: `${width}`, height: `${height}` })}`,
      {
        signal: abort.signal,
      },
    )
      .then((r) => r.blob())
      .then((b) => setSrc((url = URL.createObjectURL(b))))
      .catch(() => abort.signal.aborted || setFailed(true));
    return () => {
      abort.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [smiles, width, height]);
  if (failed) return <span class="note">no drawing</span>;
  return src ? (
    <img class="depiction" src={src} alt={smiles} width={width} height={height} />
  ) : (
    <span class="depiction" />
  );
}

// Shown in this order, under the labels the API gives: RDKit's H-bond donors and acceptors are not the
// NH + OH and N + O counts of Lipinski's rule (aspirin: 3 acceptors, N + O count 4), so both are shown.
const SHOWN: readonly [name: string, digits: number][] = [
  ['amw', 1],
  ['CrippenClogP', 2],
  ['tpsa', 1],
  ['NumHBD', 0],
  ['NumHBA', 0],
  ['lipinskiHBD', 0],
  ['lipinskiHBA', 0],
  ['NumRotatableBonds', 0],
  ['qed', 3],
];
const DESCRIPTORS = SHOWN.map(([name]) => name).filter((name) => name !== 'qed');

/** Scores one molecule as its SMILES is typed: drawing, key properties, rule sets and PAINS alerts. */
export function ScoreAsYouType() {
  const [smiles, setSmiles] = useState('CC(=O)Oc1ccccc1C(=O)O');
  const [row, setRow] = useState<ScoreResponse['rows'][number] | null>(null);
  const [columns, setColumns] = useState<ScoreResponse['columns']>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const text = smiles.trim();
    if (!text) return setRow(null);
    const abort = new AbortController();
    // Wait for a pause in typing: one call per thought, not per key.
    const timer = setTimeout(() => {
      post<ScoreResponse>(
        'drug/v1/molecules/score',
        {
          molecules: [text],
          options: { descriptors: DESCRIPTORS, rules: ['lipinski', 'veber'] },
        },
        abort.signal,
      )
        .then((r) => {
          const first = r.rows[0] ?? null;
          setRow(first);
          setColumns(r.columns);
          setError(typeof first?.error === 'string' ? first.error : null);
        })
        .catch(
          (err: unknown) =>
            abort.signal.aborted || setError(err instanceof Error ? err.message : String(err)),
        );
    }, 300);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [smiles]);
  const valid = row && !row.error;
  return (
    <div class="score">
      <label class={`field${error ? ' has-error' : ''}`}>
        <span class="label">Score a molecule as you type (SMILES)</span>
        <input
          value={smiles}
          size={60}
          onInput={(e) => setSmiles(e.currentTarget.value)}
          data-testid="score-input"
          spellcheck={false}
        />
        {error && (
          <span class="error" role="alert">
            {error}
          </span>
        )}
      </label>
      {valid && (
        <div class="score-card" data-testid="score-card">
          <Depiction smiles={String(row.smiles)} width={220} height={150} />
          <dl>
            {SHOWN.map(([key, digits]) => {
              const column = columns.find((c) => c.name === key);
              return (
                <Fragment key={key}>
                  <dt title={[key, column?.description].filter(Boolean).join(': ')} data-column={key}>
                    {column?.label ?? key}
                    {column?.units && <span class="units"> ({column.units})</span>}
                  </dt>
                  <dd data-column={key}>{typeof row[key] === 'number' ? row[key].toFixed(digits) : '–'}</dd>
                </Fragment>
              );
            })}
            <dt>Lipinski</dt>
            <dd>{row.lipinski_pass ? 'pass' : `fail: ${String(row.lipinski_failed)}`}</dd>
            <dt>Veber</dt>
            <dd>{row.veber_pass ? 'pass' : `fail: ${String(row.veber_failed)}`}</dd>
            <dt>PAINS</dt>
            <dd class={row.pains ? 'alerts' : ''}>{row.pains ? String(row.pains) : 'none'}</dd>
          </dl>
        </div>
      )}
    </div>
  );
}
