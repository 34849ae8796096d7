import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest } from '@strata/core';

/** The task of the models a screen can run on molecules. */
const PROPERTY_TASK = 'molecular-property';

/** A property model a screen can run, as clients choose it. */
export interface PropertyModelChoice {
  readonly id: string;
  readonly description: string;
}

/** The property models in `modelsDir` (each `<id>/model.json`), by id; other models and folders are skipped. */
export async function propertyModelChoices(modelsDir: string): Promise<PropertyModelChoice[]> {
  const entries = await readdir(modelsDir, { withFileTypes: true });
  const choices: PropertyModelChoice[] = [];
  for (const e of entries.filter((d) => d.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = join(modelsDir, e.name, 'model.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue; // a folder without a manifest (training scripts, caches)
    }
    const m = parseManifest(JSON.parse(text), file);
    if (m.task === PROPERTY_TASK) choices.push({ id: m.id, description: m.card.description });
  }
  return choices;
}
